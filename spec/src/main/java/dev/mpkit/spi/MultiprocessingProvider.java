package dev.mpkit.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mpkit.MultiprocessingContext;
import org.apiguardian.api.API;

/**
 * What an implementation of mpkit provides: found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.mpkit.spi.MultiprocessingProvider} (SPI-01).
 *
 * <h2>Implementation Considerations</h2>
 * <ul>
 *   <li>A provider has a public no-argument constructor and is cheap to construct; work starts in
 *       {@link #context()}.</li>
 *   <li>Children run with a class path on which the caller's targets, their arguments' classes and the provider
 *       itself load (SPI-04), and inside a child {@link dev.mpkit.Multiprocessing#context()} returns the child's
 *       own context from the same provider (SPI-05).</li>
 *   <li>An area the provider does not implement throws {@link UnsupportedOperationException} naming the area
 *       in brackets (SPI-06).</li>
 *   <li>Misuse errors start with the clause ID in brackets, for example {@code "[PROC-20] …"} (SPI-08).</li>
 * </ul>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface MultiprocessingProvider {

    /**
     * A short, stable name for reports, for example {@code "reference"} (SPI-03).
     *
     * @return the id; never {@code null} or blank
     */
    String id();

    /**
     * This JVM's context: created on first call, the same object afterwards. Inside a child it is the child's
     * context (SPI-05).
     *
     * @return the context; never {@code null}
     */
    MultiprocessingContext context();
}
