package dev.mpkit.tck.support;

import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.Store;
import org.opentest4j.AssertionFailedError;

/**
 * What {@link ProviderExtension} is for Jupiter tests, for jqwik properties: injects the provider under test
 * ({@link MultiprocessingContext}) and a {@link Kit} into {@code @Property} methods, bounds every property in time,
 * and kills the processes a failed or hung property leaves behind, so that the run goes on.
 *
 * <pre>{@code
 * @AddLifecycleHook(KitPropertyHook.class)
 * class ProcessPropertyClauseTests {
 *     @Clause("ISO-03")
 *     @Property(tries = 5)
 *     void iso03_…(@ForAll List<Integer> ints, MultiprocessingContext mp, Kit kit) { … }
 * }
 * }</pre>
 *
 * <p>One {@link Kit} serves all tries of a property; each try takes its own {@link Kit#newEventLog()}. jqwik's
 * own reporting is left alone, so a failing property prints its seed.
 */
public final class KitPropertyHook implements ResolveParameterHook, AroundPropertyHook {

    private static final String KIT = KitPropertyHook.class.getName() + ".kit";

    /** Registered on a class, the hook serves every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter, LifecycleContext context) {
        Class<?> type = parameter.typeUsage().getRawType();
        if (type == MultiprocessingContext.class) {
            return Optional.of(tryContext -> Multiprocessing.context());
        }
        if (type == Kit.class) {
            return Optional.of(tryContext -> Store.<Kit>get(KIT).get());
        }
        return Optional.empty();
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String clause = context.findAnnotation(Clause.class).map(Clause::value).orElse("KIT");
        Set<Long> before = ProcessTree.runProcesses(KitSession.get().excluded());
        Kit kit = Kit.create(clause);
        Store.create(KIT, Lifespan.PROPERTY, () -> kit);
        Thread runner = Thread.currentThread();
        AtomicBoolean hung = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mpkit-kit-property-watchdog-" + clause);
            t.setDaemon(true);
            return t;
        });
        // Past the budget: kill the property's processes (a provider call blocked on a child returns once the
        // child is gone) and interrupt the runner, again and again, so that no later try or shrinking step hangs.
        watchdog.scheduleAtFixedRate(() -> {
            hung.set(true);
            KitSession.get().killLeftovers(before);
            runner.interrupt();
        }, Timeouts.TEST_BUDGET.toNanos(), Timeouts.PROMPT.toNanos(), TimeUnit.NANOSECONDS);
        PropertyExecutionResult result;
        try {
            result = property.execute();
        } finally {
            watchdog.shutdownNow();
            while (!watchdog.isTerminated()) {
                try {
                    watchdog.awaitTermination(Timeouts.MUST_HAPPEN.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ours) {
                    // the watchdog's own interrupt, arriving late
                }
            }
            if (hung.get()) {
                Thread.interrupted(); // the interrupt was ours; do not leak it into the next property
            }
        }
        if (hung.get()) {
            result = result.mapToFailed(new AssertionFailedError("[" + clause + "] the property did not finish within "
                    + Timeouts.TEST_BUDGET.toSeconds() + " s: an operation of the provider hung; its process tree was"
                    + " killed"));
        }
        if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
            KitSession.get().killLeftovers(before);
        }
        kit.cleanup();
        return result;
    }
}
