package dev.mpkit.ref.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/**
 * Atomic access to the 32- and 64-bit words of a shared mapping, at byte offsets: through {@code sun.misc.Unsafe}
 * where it is quiet (JDK 17 to 22), through byte-buffer view {@code VarHandle}s where its memory access warns
 * (JDK 23 and later, JEP 471 and 498).
 */
/* Overview
 *
 * Why Unsafe first: a child JVM runs C1 only and starts interpreted (ChildLauncher), where each VarHandle access
 * walks a chain of lambda forms, and spins them the first time, while an Unsafe call is one intrinsic or native
 * method; a cold child spends about a third less CPU per put. Only one subclass is ever loaded in a JVM, so the
 * calls stay monomorphic. Every access is volatile (sequentially consistent), as the Dekker pairs of QueueRing
 * need.
 */
abstract class SharedWords {

    /** Unsafe's memory access is quiet up to JDK 22; JDK 23 deprecates it for removal and JDK 24 warns on use. */
    private static final boolean UNSAFE = Runtime.version().feature() < 23;

    static SharedWords of(ByteBuffer mapping) {
        return UNSAFE ? new UnsafeWords(mapping) : new ViewWords(mapping);
    }

    abstract int getInt(int offset);

    abstract void putInt(int offset, int value);

    abstract int getAndAddInt(int offset, int delta);

    abstract boolean casInt(int offset, int expected, int value);

    abstract int getAndSetInt(int offset, int value);

    abstract long getLong(int offset);

    abstract void putLong(int offset, long value);

    /** Through {@code sun.misc.Unsafe} at the mapping's address; the mapping stays reachable, so the address valid. */
    private static final class UnsafeWords extends SharedWords {
        private static final Unsafe U;
        private static final long ADDRESS;

        static {
            try {
                Field f = Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                U = (Unsafe) f.get(null);
                ADDRESS = U.objectFieldOffset(Buffer.class.getDeclaredField("address"));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // keeps the mapping, and so the address, alive
        private final ByteBuffer mapping;
        private final long base;

        UnsafeWords(ByteBuffer mapping) {
            this.mapping = mapping;
            this.base = U.getLong(mapping, ADDRESS);
        }

        @Override
        int getInt(int offset) {
            return U.getIntVolatile(null, base + offset);
        }

        @Override
        void putInt(int offset, int value) {
            U.putIntVolatile(null, base + offset, value);
        }

        @Override
        int getAndAddInt(int offset, int delta) {
            return U.getAndAddInt(null, base + offset, delta);
        }

        @Override
        boolean casInt(int offset, int expected, int value) {
            return U.compareAndSwapInt(null, base + offset, expected, value);
        }

        @Override
        int getAndSetInt(int offset, int value) {
            return U.getAndSetInt(null, base + offset, value);
        }

        @Override
        long getLong(int offset) {
            return U.getLongVolatile(null, base + offset);
        }

        @Override
        void putLong(int offset, long value) {
            U.putLongVolatile(null, base + offset, value);
        }
    }

    /** Through byte-buffer view var handles. */
    private static final class ViewWords extends SharedWords {
        private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class,
                ByteOrder.nativeOrder());
        private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class,
                ByteOrder.nativeOrder());

        private final ByteBuffer buf;

        ViewWords(ByteBuffer mapping) {
            this.buf = mapping;
        }

        @Override
        int getInt(int offset) {
            return (int) INT.getVolatile(buf, offset);
        }

        @Override
        void putInt(int offset, int value) {
            INT.setVolatile(buf, offset, value);
        }

        @Override
        int getAndAddInt(int offset, int delta) {
            return (int) INT.getAndAdd(buf, offset, delta);
        }

        @Override
        boolean casInt(int offset, int expected, int value) {
            return INT.compareAndSet(buf, offset, expected, value);
        }

        @Override
        int getAndSetInt(int offset, int value) {
            return (int) INT.getAndSet(buf, offset, value);
        }

        @Override
        long getLong(int offset) {
            return (long) LONG.getVolatile(buf, offset);
        }

        @Override
        void putLong(int offset, long value) {
            LONG.setVolatile(buf, offset, value);
        }
    }
}
