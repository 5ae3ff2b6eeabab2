package dev.mpkit.tck.support;

import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * Injects the provider under test ({@link MultiprocessingContext}) and a {@link Kit} into kit tests, bounds every
 * test in time, and kills the processes a failed or hung test leaves behind, so that the run goes on.
 */
public final class ProviderExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback,
        InvocationInterceptor {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ProviderExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> t = pc.getParameter().getType();
        return t == MultiprocessingContext.class || t == Kit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        if (pc.getParameter().getType() == Kit.class) {
            return ec.getStore(NS).get("kit", Kit.class);
        }
        return Multiprocessing.context();
    }

    @Override
    public void beforeEach(ExtensionContext ec) {
        KitSession session = KitSession.get();
        ec.getStore(NS).put("before", ProcessTree.runProcesses(session.excluded()));
        ec.getStore(NS).put("kit", Kit.create(clauseOf(ec)));
    }

    @Override
    public void afterEach(ExtensionContext ec) {
        Kit kit = ec.getStore(NS).get("kit", Kit.class);
        boolean failed = ec.getExecutionException().isPresent();
        if (failed) {
            killLeftovers(ec);
        }
        if (kit != null) {
            kit.cleanup();
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ic,
            ExtensionContext ec) throws Throwable {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread body = new Thread(() -> {
            try {
                invocation.proceed();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "mpkit-kit-test-" + clauseOf(ec));
        body.setDaemon(true);
        body.start();
        body.join(Timeouts.TEST_BUDGET.toMillis());
        if (body.isAlive()) {
            killLeftovers(ec);
            body.interrupt();
            body.join(Timeouts.PROMPT.toMillis());
            throw new AssertionFailedError("[" + clauseOf(ec) + "] the test did not finish within "
                    + Timeouts.TEST_BUDGET.toSeconds() + " s: an operation of the provider hung; its process tree"
                    + " was killed");
        }
        if (thrown.get() != null) {
            throw thrown.get();
        }
    }

    /** Kills the processes of this run that the test started, leaving those that ran before it. */
    private static void killLeftovers(ExtensionContext ec) {
        @SuppressWarnings("unchecked")
        Set<Long> before = ec.getStore(NS).get("before", Set.class);
        KitSession.get().killLeftovers(before == null ? Set.of() : before);
    }

    static String clauseOf(ExtensionContext ec) {
        return ec.getTestMethod().map(m -> m.getAnnotation(Clause.class)).map(Clause::value).orElse("KIT");
    }
}
