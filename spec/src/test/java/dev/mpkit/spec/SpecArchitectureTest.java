package dev.mpkit.spec;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.have;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Modifier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.apiguardian.api.API;

/** The spec module's architecture: the API is plain Java, declares its stability, and leaks no other types. */
class SpecArchitectureTest {

    /**
     * Checks every rule of this class. The rules run as plain JUnit tests because Surefire reports ArchUnit's own
     * engine as "Tests run: 0" and lets a violated rule pass the build.
     */
    @TestFactory
    Stream<DynamicTest> everyRuleHolds() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.mpkit");
        return Stream.of(getClass().getDeclaredFields())
                .filter(f -> f.getType() == ArchRule.class && Modifier.isStatic(f.getModifiers()))
                .map(f -> DynamicTest.dynamicTest(f.getName(), () -> ((ArchRule) f.get(null)).check(classes)));
    }

    static final ArchRule spec_depends_only_on_the_jdk_and_apiguardian =
            classes().that().resideInAnyPackage("dev.mpkit", "dev.mpkit.spi")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.mpkit", "dev.mpkit.spi", "java..",
                            "org.apiguardian..")
                    .because("a provider or a student implementation must be able to use the API with nothing else");

    static final ArchRule public_spec_types_declare_their_stability =
            classes().that().resideInAnyPackage("dev.mpkit", "dev.mpkit.spi").and(have(modifier(JavaModifier.PUBLIC)))
                    .and().areTopLevelClasses()
                    .should().beAnnotatedWith(API.class)
                    .because("users must see which parts of the API may still change (JUnit's @API convention)");

    static final ArchRule public_spec_methods_use_only_spec_and_jdk_types =
            methods().that().arePublic().and().areDeclaredInClassesThat().resideInAnyPackage("dev.mpkit", "dev.mpkit.spi")
                    .should().haveRawReturnType(not(resideInAnyPackage("org..", "com..", "net..")))
                    .because("a signature that names a third-party type makes that library part of the API"
                            + " (the API-leak rule of Flink and ArangoDB)");

    static final ArchRule no_package_cycles =
            slices().matching("dev.mpkit.(**)").should().beFreeOfCycles()
                    .because("the SPI package may see the API, but the API sees the SPI only through ChildProcess");
}
