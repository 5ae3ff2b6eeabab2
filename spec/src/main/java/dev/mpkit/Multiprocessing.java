package dev.mpkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mpkit.spi.MultiprocessingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import org.apiguardian.api.API;

/**
 * The entry point: finds the provider and hands out its {@link MultiprocessingContext}.
 *
 * <pre>{@code
 * MultiprocessingContext mp = Multiprocessing.context();
 * }</pre>
 *
 * <p>Providers are found with {@link ServiceLoader} (SPI-01). When several are on the class path, the system
 * property {@value #PROVIDER_PROPERTY} names the one to use by class name or {@link MultiprocessingProvider#id()}
 * (SPI-02); children inherit the choice.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Multiprocessing {

    /** The system property that chooses a provider by class name or id (SPI-02). */
    public static final String PROVIDER_PROPERTY = "mpkit.provider";

    private static volatile MultiprocessingProvider chosen;

    private Multiprocessing() {}

    /**
     * The context of the chosen provider (SPI-01, SPI-02).
     *
     * @return the context; never {@code null}
     * @throws IllegalStateException if no provider, or not the one named by {@value #PROVIDER_PROPERTY}, is found
     */
    public static MultiprocessingContext context() {
        return provider().context();
    }

    /**
     * The chosen provider: the one named by {@value #PROVIDER_PROPERTY}, else the only one found.
     *
     * @return the provider; never {@code null}
     * @throws IllegalStateException if none, or not the named one, is found, or several are found and none is named
     */
    public static MultiprocessingProvider provider() {
        MultiprocessingProvider p = chosen;
        if (p == null) {
            synchronized (Multiprocessing.class) {
                p = chosen;
                if (p == null) {
                    p = choose(System.getProperty(PROVIDER_PROPERTY));
                    chosen = p;
                }
            }
        }
        return p;
    }

    /**
     * Every provider {@link ServiceLoader} finds on the class path.
     *
     * @return a new list; never {@code null} but potentially empty
     */
    public static List<MultiprocessingProvider> providers() {
        List<MultiprocessingProvider> found = new ArrayList<>();
        ServiceLoader.load(MultiprocessingProvider.class, loader()).forEach(found::add);
        return found;
    }

    /**
     * The provider named by class name or id, found by {@link ServiceLoader} or, failing that, by loading the
     * class (it needs a public no-argument constructor).
     *
     * @param name a class name or provider id; never {@code null}
     * @return the provider; never {@code null}
     * @throws IllegalStateException if it cannot be found or created
     */
    public static MultiprocessingProvider provider(String name) {
        Objects.requireNonNull(name, "name must not be null");
        for (MultiprocessingProvider p : providers()) {
            if (p.getClass().getName().equals(name) || p.id().equals(name)) {
                return p;
            }
        }
        try {
            Class<?> type = Class.forName(name, true, loader());
            return (MultiprocessingProvider) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new IllegalStateException("[SPI-02] provider '" + name + "' named by -D" + PROVIDER_PROPERTY
                    + " not found: no ServiceLoader provider has that class name or id, and the class could not be"
                    + " loaded as a MultiprocessingProvider (" + e + ")", e);
        }
    }

    private static MultiprocessingProvider choose(String name) {
        if (name != null && !name.isBlank()) {
            return provider(name.trim());
        }
        List<MultiprocessingProvider> found = providers();
        if (found.isEmpty()) {
            throw new IllegalStateException("[SPI-01] no MultiprocessingProvider found on the class path; add an"
                    + " implementation (for example mpkit-impl-reference) or name one with -D" + PROVIDER_PROPERTY);
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>();
            found.forEach(p -> names.add(p.getClass().getName()));
            throw new IllegalStateException("[SPI-02] several providers found " + names + "; choose one with -D"
                    + PROVIDER_PROPERTY + "=CLASS");
        }
        return found.get(0);
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Multiprocessing.class.getClassLoader();
    }
}
