package dev.mpkit.ref.pool;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A chunk of Integers travels as an {@code int[]}: four bytes an item, one tight loop to write and read, instead
 * of a tagged form per item. Nothing else changes: the function still receives Integers, and the caller gets
 * Integers back; a chunk with any other item (null included) travels as a list.
 */
final class Packing {

    private Packing() {}

    /** {@code values} as an {@code int[]} if every one is an Integer, else {@code values} itself. */
    static Object pack(List<?> values) {
        int n = values.size();
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            if (!(v instanceof Integer)) {
                return values;
            }
            ints[i] = (Integer) v;
        }
        return ints;
    }

    /** The list a chunk's decoded form stands for. */
    static List<?> unpack(Object form) {
        if (form instanceof int[]) {
            return new Ints((int[]) form);
        }
        return (List<?>) form;
    }

    /** A read-only list view of an {@code int[]}, boxing on access. */
    private static final class Ints extends AbstractList<Integer> implements RandomAccess {
        private final int[] a;

        Ints(int[] a) {
            this.a = a;
        }

        @Override
        public Integer get(int i) {
            return a[i];
        }

        @Override
        public int size() {
            return a.length;
        }
    }
}
