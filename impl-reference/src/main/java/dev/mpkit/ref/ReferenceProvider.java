package dev.mpkit.ref;

import dev.mpkit.MultiprocessingContext;
import dev.mpkit.ref.process.ReferenceContext;
import dev.mpkit.spi.MultiprocessingProvider;

/**
 * The reference implementation of mpkit: every process is a separate JVM, and every primitive works between
 * JVMs. The only class of this module that other code may name.
 */
public final class ReferenceProvider implements MultiprocessingProvider {

    /** The provider id reported by {@link #id()}. */
    public static final String ID = "reference";

    private static volatile MultiprocessingContext context;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MultiprocessingContext context() {
        MultiprocessingContext c = context;
        if (c == null) {
            synchronized (ReferenceProvider.class) {
                c = context;
                if (c == null) {
                    c = new ReferenceContext(ID);
                    context = c;
                }
            }
        }
        return c;
    }
}
