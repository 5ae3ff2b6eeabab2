package dev.mpkit.tck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Modifier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.mpkit.tck.support.Clause;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The kit's architecture: it grades any provider through the SPI, and every test names its clause. */
class KitArchitectureTest {

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

    static final ArchRule conformance_tests_use_only_the_spec =
            noClasses().that().resideInAPackage("..mpkit.tck..").should().dependOnClassesThat()
                    .resideInAPackage("..mpkit.ref..")
                    .because("the kit must grade any provider plugged in through the SPI, not the reference one");

    static final ArchRule every_kit_test_names_its_clause =
            methods().that().areAnnotatedWith(Test.class).and().areDeclaredInClassesThat().resideInAPackage("..mpkit.tck..")
                    .should().beAnnotatedWith(Clause.class)
                    .because("a test without a clause cannot be graded, and a clause without a test is UNTESTED");

    static final ArchRule every_kit_property_names_its_clause =
            methods().that().areAnnotatedWith(Property.class).and().areDeclaredInClassesThat()
                    .resideInAPackage("..mpkit.tck..")
                    .should().beAnnotatedWith(Clause.class)
                    .because("a property without a clause cannot be graded");

    static final ArchRule kit_waits_with_awaitility_not_sleep =
            noMethods().that().areDeclaredInClassesThat().resideInAPackage("..mpkit.tck..")
                    .and().areDeclaredInClassesThat().doNotHaveSimpleName("ChildWork")
                    .should(callThreadSleep())
                    .because("the observing side never sleeps to synchronize; a child target that must take time"
                            + " says so with ChildWork.sleep, its workload");

    static final ArchRule no_package_cycles =
            slices().matching("dev.mpkit.tck.(*)..").should().beFreeOfCycles()
                    .because("support and grading are layers under the clause tests");

    private static ArchCondition<JavaMethod> callThreadSleep() {
        return new ArchCondition<>("call Thread.sleep") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                for (JavaMethodCall call : method.getMethodCallsFromSelf()) {
                    boolean sleep = call.getTargetOwner().isEquivalentTo(Thread.class)
                            && call.getName().equals("sleep");
                    if (sleep) {
                        events.add(SimpleConditionEvent.satisfied(method, method.getFullName()
                                + " calls Thread.sleep at " + call.getSourceCodeLocation()));
                    }
                }
            }
        };
    }
}
