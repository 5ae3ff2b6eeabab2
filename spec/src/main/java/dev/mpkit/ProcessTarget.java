package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import org.apiguardian.api.API;

/**
 * The work a {@link ChildProcess} does in the child: Python's {@code target} callable.
 *
 * <p>A target is serialized in the parent by {@link ChildProcess#start()} and run in the child with the
 * process's arguments, which are serialized with it. A lambda becomes serializable by being assigned to this
 * interface, so both a lambda and a method reference work:
 *
 * <pre>{@code
 * ChildProcess p = mp.newProcess(args -> System.out.println("hello " + args[0]), "bob");
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p>Whatever the lambda captures is serialized too; capturing an object that is not {@link Serializable}
 * makes {@code start()} fail in the parent (PROC-29).
 *
 * @since 0.1
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface ProcessTarget extends Serializable {

    /**
     * Runs in the child process. Returning normally ends the child with exit code 0 (PROC-12); an exception that
     * escapes ends it with exit code 1 after its stack trace is printed to the child's standard error (PROC-13).
     *
     * @param args the arguments given when the process was created, deserialized in the child; never
     *     {@code null} but potentially empty
     * @throws Exception anything; it ends the child with exit code 1
     */
    void run(Object... args) throws Exception;
}
