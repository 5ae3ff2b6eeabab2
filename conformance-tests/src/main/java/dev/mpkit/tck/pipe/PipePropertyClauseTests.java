package dev.mpkit.tck.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitPropertyHook;
import dev.mpkit.tck.support.ShrinkRecheckHook;
import dev.mpkit.tck.support.Timed;
import dev.mpkit.tck.support.Timeouts;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random payloads between processes: PIPE-09 as a property. A try sends 1 to 5 messages whose sizes are drawn
 * from 0 bytes to 64 MiB (mostly small, often at the 64 KiB edges, rarely above 8 MiB) and whose contents are
 * pseudo-random from a generated seed, through one pipe of a generated kind, from a child to the parent or from the
 * parent to a child. The side that receives compares: the parent byte by byte with what it computes from the seed;
 * a child by SHA-256 digest, which it records in the kit's event log.
 *
 * <p>Each try starts a real process, so tries are few. A failing property prints its seed, and the grading report
 * repeats it; {@link ShrinkRecheckHook} runs each shrinking candidate up to three times.
 */
@AddLifecycleHook(KitPropertyHook.class)
@AddLifecycleHook(ShrinkRecheckHook.class)
class PipePropertyClauseTests {

    /** Tries per property: each starts a JVM and may move up to {@link #MAX_TOTAL} bytes. */
    static final int TRIES = 10;
    /** The most bytes one try sends, all messages together. */
    static final int MAX_TOTAL = 80 << 20;

    /**
     * Random payloads, of random sizes from 0 bytes to 64 MiB, sent through a one-way or two-way pipe from a child
     * to the parent or from the parent to a child, arrive byte-identical and in order, and nothing else arrives.
     * <p>If this fails, check the size named in the message: around 64 KiB, the pipe's capacity, a message is
     * written in several pieces; above 16 MiB, buffers and length headers are tested. The seed in the report
     * replays the same sizes and contents.
     */
    @Clause("PIPE-09")
    @Property(tries = TRIES)
    void pipe09_randomPayloadsArriveByteIdenticalAndInOrder(@ForAll("sizes") List<Integer> sizes,
            @ForAll boolean duplex, @ForAll boolean childSends, @ForAll long seed, MultiprocessingContext mp, Kit kit)
            throws Exception {
        EventLog log = kit.newEventLog();
        int[] s = sizes.stream().mapToInt(Integer::intValue).toArray();
        String kind = duplex ? "two-way" : "one-way";
        String sample = Arrays.toString(s) + " bytes through a " + kind + " pipe " + (childSends ? "from a child to"
                + " the parent" : "from the parent to a child") + ", seed " + seed;
        Pipe pipe = mp.newPipe(duplex);
        Connection parentEnd = duplex || childSends ? pipe.left() : pipe.right();
        Connection childEnd = parentEnd == pipe.left() ? pipe.right() : pipe.left();
        ChildProcess p = childSends
                ? mp.newProcess(PipeTargets::sendPayloads, log, childEnd, seed, s)
                : mp.newProcess(PipeTargets::receivePayloads, log, childEnd, s.length);
        try {
            p.start();
            for (int i = 0; i < s.length; i++) {
                int n = i;
                byte[] expected = PipeTargets.payload(seed, i, s[i]);
                if (childSends) {
                    byte[] got = Timed.within(Timeouts.MUST_HAPPEN, "[PIPE-09] recvBytes() of message " + i + " of "
                            + sample, parentEnd::recvBytes).value;
                    if (!Arrays.equals(expected, got)) {
                        fail("[PIPE-09] message " + i + " of " + sample + " arrived as "
                                + PipeChecks.difference(expected, got));
                    }
                } else {
                    Timed.within(Timeouts.MUST_HAPPEN, "[PIPE-09] sendBytes() of message " + n + " of " + sample,
                            () -> {
                                parentEnd.sendBytes(expected);
                                return null;
                            });
                }
            }
            if (childSends) {
                kit.awaitEvent(log, "sent all");
            } else {
                for (int i = 0; i < s.length; i++) {
                    String got = kit.awaitValue(log, "got " + i + " ");
                    assertEquals(PipeTargets.describe(PipeTargets.payload(seed, i, s[i])), got, "[PIPE-09] message "
                            + i + " of " + sample + ", as the child received it");
                }
                assertEquals("false", kit.awaitValue(log, "pending="), "[PIPE-09] poll() in the child after it"
                        + " received every message of " + sample + ": something more arrived");
            }
            assertTrue(p.join(Timeouts.MUST_HAPPEN), "[PIPE-09] the child did not exit after " + sample
                    + "; events: " + log.events());
            assertEquals(0, p.exitCode().orElse(-1), "[PIPE-09] exit code of the child after " + sample
                    + "; events: " + log.events());
            if (childSends) {
                boolean more = Timed.within(Timeouts.PROMPT, "[PIPE-09] poll()", parentEnd::poll).value;
                assertTrue(!more, "[PIPE-09] poll() in the parent after it received every message of " + sample
                        + ": something more arrived");
            }
        } finally {
            Children.stop(p);
            PipeChecks.close(pipe);
        }
    }

    /** 1 to 5 sizes, at most {@link #MAX_TOTAL} bytes in all. */
    @Provide
    Arbitrary<List<Integer>> sizes() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(4, Arbitraries.integers().between(1, 4096)),
                Tuple.of(4, Arbitraries.of(65535, 65536, 65537)),
                Tuple.of(3, Arbitraries.integers().between(4097, 1 << 20)),
                Tuple.of(2, Arbitraries.integers().between((1 << 20) + 1, 8 << 20)),
                Tuple.of(1, Arbitraries.integers().between((8 << 20) + 1, PipeTargets.MIB_64)));
        return size.list().ofMinSize(1).ofMaxSize(5)
                .filter(l -> l.stream().mapToLong(Integer::longValue).sum() <= MAX_TOTAL);
    }
}
