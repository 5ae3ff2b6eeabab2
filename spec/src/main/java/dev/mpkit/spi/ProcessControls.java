package dev.mpkit.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mpkit.ChildProcess;
import dev.mpkit.ProcessTarget;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Lets a provider attach its {@link ProcessControl} to a {@link ChildProcess} it has deserialized in a child,
 * and read the control back, without making either operation part of the user API.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ProcessControls {

    /** The accessor {@link ChildProcess} registers when it is initialized. Not for users. */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public interface Access {
        /**
         * Attaches the control.
         *
         * @param process the handle
         * @param control its control
         */
        void attach(ChildProcess process, ProcessControl control);

        /**
         * Reads the control.
         *
         * @param process the handle
         * @return its control, or {@code null} if none is attached
         */
        ProcessControl control(ChildProcess process);

        /**
         * Reads the target.
         *
         * @param process the handle
         * @return its target, or {@code null} for a subclass that overrides {@code run()} and has none
         */
        ProcessTarget target(ChildProcess process);

        /**
         * Reads the arguments.
         *
         * @param process the handle
         * @return a copy of its arguments
         */
        Object[] args(ChildProcess process);
    }

    private static volatile Access access;

    private ProcessControls() {}

    /**
     * Registers the accessor; only {@link ChildProcess} does this, once.
     *
     * @param a the accessor
     * @throws IllegalStateException if an accessor is already registered
     */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public static synchronized void setAccess(Access a) {
        if (access != null) {
            throw new IllegalStateException("ProcessControls access is already registered");
        }
        access = Objects.requireNonNull(a);
    }

    /**
     * Attaches {@code control} to {@code process}, replacing any control it had.
     *
     * @param process the handle; never {@code null}
     * @param control the provider's control for it; never {@code null}
     */
    public static void attach(ChildProcess process, ProcessControl control) {
        Objects.requireNonNull(process, "process");
        access.attach(process, control);
    }

    /**
     * The control attached to {@code process}.
     *
     * @param process the handle; never {@code null}
     * @return the control, or {@code null} if none is attached
     */
    public static ProcessControl controlOf(ChildProcess process) {
        Objects.requireNonNull(process, "process");
        return access.control(process);
    }

    /**
     * The target {@code process} was created with, for a provider that transfers it to the child by its own means
     * rather than by serializing the whole handle.
     *
     * @param process the handle; never {@code null}
     * @return the target, or {@code null} if the process has none (a subclass that overrides {@code run()})
     */
    public static ProcessTarget targetOf(ChildProcess process) {
        Objects.requireNonNull(process, "process");
        return access.target(process);
    }

    /**
     * The arguments {@code process} was created with, as {@link #targetOf(ChildProcess)}.
     *
     * @param process the handle; never {@code null}
     * @return a copy of the arguments; never {@code null}
     */
    public static Object[] argsOf(ChildProcess process) {
        Objects.requireNonNull(process, "process");
        return access.args(process);
    }
}
