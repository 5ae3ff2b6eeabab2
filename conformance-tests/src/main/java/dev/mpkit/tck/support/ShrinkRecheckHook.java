package dev.mpkit.tck.support;

import java.util.List;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * Keeps shrinking from turning a real failure into a pass, for properties whose failures depend on timing: once a
 * try of the property has failed, every later try (jqwik's shrinking candidates) that passes is run again, up to
 * {@link #RUNS} times in all, and counts as passing only if it passed every time. A race between processes that
 * shows in one run of three is still a failure; without this, shrinking would keep the first candidate that
 * happened to pass and report a smaller, misleading sample, or none at all.
 *
 * <pre>{@code
 * @AddLifecycleHook(KitPropertyHook.class)
 * @AddLifecycleHook(ShrinkRecheckHook.class)
 * class SyncPropertyClauseTests { … }
 * }</pre>
 *
 * <p>Before the first failure nothing is run twice, so a passing property costs what it did. The failed flag lives
 * in a jqwik {@link Store} with {@link Lifespan#PROPERTY} lifespan: each property starts afresh. jqwik runs its
 * shrinking candidates through the same try hooks as its generated tries, which is what this relies on.
 */
public final class ShrinkRecheckHook implements AroundTryHook {

    /** How often a candidate runs, at most, once the property has failed. */
    public static final int RUNS = 3;

    private static final String FAILED = ShrinkRecheckHook.class.getName() + ".failed";

    /** Registered on a class, the hook serves every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aroundTry, List<Object> parameters) {
        Store<Boolean> failed = Store.getOrCreate(FAILED, Lifespan.PROPERTY, () -> false);
        TryExecutionResult result = aroundTry.execute(parameters);
        int run = 1;
        while (failed.get() && result.isSatisfied() && run < RUNS) {
            run++;
            result = aroundTry.execute(parameters);
        }
        if (result.isFalsified()) {
            if (run > 1) {
                result = result.withFootnotes(List.of("falsified on run " + run + " of this sample, after "
                        + (run - 1) + " passing run(s): the failure depends on timing"));
            }
            failed.update(f -> true);
        }
        return result;
    }
}
