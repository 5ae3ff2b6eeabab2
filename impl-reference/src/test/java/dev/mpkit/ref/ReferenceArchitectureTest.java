package dev.mpkit.ref;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Modifier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The reference's architecture: one entry point, one package that touches the OS, no cycles. */
class ReferenceArchitectureTest {

    /**
     * Checks every rule of this class. The rules run as plain JUnit tests because Surefire reports ArchUnit's own
     * engine as "Tests run: 0" and lets a violated rule pass the build.
     */
    @TestFactory
    Stream<DynamicTest> everyRuleHolds() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.mpkit.ref");
        return Stream.of(getClass().getDeclaredFields())
                .filter(f -> f.getType() == ArchRule.class && Modifier.isStatic(f.getModifiers()))
                .map(f -> DynamicTest.dynamicTest(f.getName(), () -> ((ArchRule) f.get(null)).check(classes)));
    }

    static final ArchRule reference_internals_are_not_public =
            classes().that().resideInAPackage("..mpkit.ref..")
                    .and().resideOutsideOfPackage("..mpkit.ref.os..")
                    .and().doNotHaveSimpleName("ReferenceProvider")
                    .and().doNotHaveSimpleName("ReferenceContext")
                    .and().doNotHaveSimpleName("ChildMain")
                    .and().doNotHaveSimpleName("SyncPrimitives")
                    .and().doNotHaveSimpleName("ChildStartPending")
                    .and().doNotHaveSimpleName("Codec")
                    .and().doNotHaveSimpleName("LambdaFields")
                    .and().doNotHaveSimpleName("Pipes")
                    .and().doNotHaveSimpleName("Queues")
                    .and().doNotHaveSimpleName("Managers")
                    .and().doNotHaveSimpleName("Pools")
                    .should().notBePublic()
                    .because("internal classes that leak become API by accident; ReferenceProvider is the entry"
                            + " point, ChildMain the child JVM's main class, ReferenceContext what the provider"
                            + " hands out, SyncPrimitives (with ChildStartPending) the seam through which"
                            + " ref.process makes locks and semaphores, Pipes, Queues, Pools and Managers those of"
                            + " ref.pipe, ref.queue, ref.pool and ref.manager, Codec the object form they share"
                            + " (LambdaFields that of a lambda, for ref.process and ref.pool), and"
                            + " ref.os the OS seam the other packages call");

    static final ArchRule only_the_os_package_touches_the_os =
            noClasses().that().resideInAPackage("..mpkit.ref..").and().resideOutsideOfPackage("..mpkit.ref.os..")
                    .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, ProcessHandle.class,
                            Process.class, FileChannel.class, MappedByteBuffer.class, SocketChannel.class,
                            ServerSocketChannel.class)
                    .because("processes, signals, sockets and memory mapping stay behind one narrow seam");

    static final ArchRule the_reference_uses_only_the_spec_and_the_jdk =
            classes().that().resideInAPackage("..mpkit.ref..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.mpkit..", "java..", "javax..",
                            "jdk..", "sun.misc..", "com.sun.jna..", "org.apiguardian..")
                    .because("the reference must run wherever the spec runs");

    static final ArchRule no_package_cycles =
            slices().matching("dev.mpkit.ref.(**)").should().beFreeOfCycles()
                    .because("ref.os is the bottom layer; ref.sync builds on it, and ref.process on both");
}
