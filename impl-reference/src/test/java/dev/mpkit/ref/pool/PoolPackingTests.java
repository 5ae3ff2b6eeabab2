package dev.mpkit.ref.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mpkit.AsyncResult;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.PoolFunction;
import dev.mpkit.PoolOptions;
import dev.mpkit.WorkerPool;
import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.process.ReferenceContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fast paths of maps of Integers (Packing): chunks written from the items when sent, results read and written
 * in place, and every way out of them: results that are not all Integers, nulls, failures, other items.
 */
@Timeout(120)
class PoolPackingTests {

    private static final MultiprocessingContext MP = new ReferenceContext("reference");

    @Test
    void putIntsWritesCodecsFormOfAnIntArray() throws Exception {
        Object[] values = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 123_456};
        Wire.Out out = new Wire.Out(4);
        out.put((byte) 9);
        assertTrue(Packing.putInts(out, values, 4));
        byte[] form = Codec.encode(new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0});
        assertEquals(1 + 4 + form.length, out.n);
        assertEquals(form.length, Packing.getInt(out.b, 1));
        assertArrayEquals(form, Arrays.copyOfRange(out.b, 5, out.n));
        assertEquals(4, Packing.intsCount(out.b, 5, form.length));
        Object[] back = new Object[6];
        Packing.ints(out.b, 5, 4, back, 2);
        assertArrayEquals(new Object[] {null, null, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0}, back);
        // as Codec reads it
        assertArrayEquals(new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0},
                (int[]) Codec.decode(out.b, 5, form.length));
        // a chunk's form, written by the pool from the items, is the same
        assertArrayEquals(form, Packing.intsForm(new Object[] {"x", -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0},
                1, 5));
    }

    @Test
    void putIntsRefusesAnythingButIntegersAndLeavesTheMessageAsItWas() {
        for (Object odd : new Object[] {null, 5L, "5", (short) 5}) {
            Object[] values = new Object[100];
            Arrays.fill(values, 3);
            values[77] = odd;
            Wire.Out out = new Wire.Out(16);
            out.put((byte) 1);
            assertFalse(Packing.putInts(out, values, 100), String.valueOf(odd));
            assertEquals(1, out.n);
            assertTrue(Packing.putInts(out, values, 77));
            assertEquals(null, Packing.intsForm(values, 0, 100));
        }
    }

    @Test
    void intsCountRecognisesOnlyAWholeIntArrayForm() throws Exception {
        byte[] ints = Codec.encode(new int[] {1, 2, 3});
        assertEquals(3, Packing.intsCount(ints, 0, ints.length));
        assertEquals(-1, Packing.intsCount(ints, 0, ints.length - 1)); // truncated
        byte[] list = Codec.encode(new ArrayList<>(List.of(1, 2, 3)));
        assertEquals(-1, Packing.intsCount(list, 0, list.length));
        byte[] longs = Codec.encode(new long[] {1, 2, 3});
        assertEquals(-1, Packing.intsCount(longs, 0, longs.length));
        assertEquals(-1, Packing.intsCount(ints, 0, 2));
    }

    @Test
    void mapsOfIntegersGiveEveryKindOfResultInOrder() throws Exception {
        List<Integer> in = IntStream.range(0, 20_000).boxed().collect(Collectors.toList());
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            for (int chunksize : new int[] {0, 1, 7, 20_000}) {
                // all Integers back
                assertEquals(in.stream().map(x -> x * 3).collect(Collectors.toList()),
                        map(pool, x -> x * 3, in, chunksize));
                // mixed results: Strings among Integers
                PoolFunction<Integer, Object> mixed = x -> x % 1000 == 999 ? "s" + x : (Object) (x + 1);
                assertEquals(in.stream().map(x -> x % 1000 == 999 ? "s" + x : (Object) (x + 1))
                        .collect(Collectors.toList()), map(pool, mixed, in, chunksize));
                // nulls among the results
                PoolFunction<Integer, Integer> nulls = x -> x % 5000 == 1 ? null : x;
                List<Integer> expected = new ArrayList<>(in);
                for (int i = 1; i < in.size(); i += 5000) {
                    expected.set(i, null);
                }
                assertEquals(expected, map(pool, nulls, in, chunksize));
            }
        }
    }

    @Test
    void aFailingItemFailsTheMapAndThePoolGoesOn() throws Exception {
        List<Integer> in = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            PoolFunction<Integer, Integer> failAt = x -> {
                if (x == 6_543) {
                    throw new IllegalStateException("bad item " + x);
                }
                return x;
            };
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.map(failAt, in));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("bad item 6543", e.getCause().getMessage());
            assertEquals(in, pool.map(x -> x, in));
        }
    }

    @Test
    void otherItemsAndOtherIterablesStillWork() throws Exception {
        List<Object> mixed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            mixed.add(i % 100 == 0 ? null : i % 7 == 0 ? "x" + i : (Object) i);
        }
        Iterable<Integer> notACollection = () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < 5000;
            }

            @Override
            public Integer next() {
                return i++;
            }
        };
        try (WorkerPool pool = MP.newPool(PoolOptions.defaults().processes(2))) {
            PoolFunction<Object, String> str = String::valueOf;
            assertEquals(mixed.stream().map(String::valueOf).collect(Collectors.toList()), pool.map(str, mixed));
            assertEquals(IntStream.range(0, 5000).map(x -> -x).boxed().collect(Collectors.toList()),
                    pool.map(x -> -x, notACollection));
            // the items as they were when submitted (POOL-34): the caller's later change does not reach the map
            List<Integer> in = IntStream.range(0, 50_000).boxed().collect(Collectors.toList());
            AsyncResult<List<Integer>> r = pool.mapAsync(x -> x, in);
            in.replaceAll(x -> -1);
            assertEquals(IntStream.range(0, 50_000).boxed().collect(Collectors.toList()), r.get());
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> map(WorkerPool pool, PoolFunction<Integer, ? extends R> fn, List<Integer> in,
            int chunksize) throws Exception {
        return chunksize == 0 ? (List<R>) pool.map(fn, in) : (List<R>) pool.map(fn, in, chunksize);
    }
}
