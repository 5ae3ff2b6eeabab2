package dev.mpkit.ref.os;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;

/**
 * A block of native memory that {@link PosixPipes} reads into and writes from, reused from message to message and
 * freed by {@link #close()} (or, failing that, by the garbage collector).
 */
public final class NativeBuffer implements AutoCloseable {

    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private final Memory memory;
    private final long address;
    private final int capacity;

    /** Allocates {@code capacity} bytes, uninitialized. */
    public NativeBuffer(int capacity) {
        this.memory = new Memory(capacity);
        this.address = Pointer.nativeValue(memory);
        this.capacity = capacity;
    }

    /** Where the block starts, for {@link PosixPipes#read} and {@link PosixPipes#write}. */
    public long address() {
        return address;
    }

    public int capacity() {
        return capacity;
    }

    /** Copies {@code len} bytes of {@code src} from {@code off} to offset {@code at} of this block. */
    public void put(int at, byte[] src, int off, int len) {
        memory.write(at, src, off, len);
    }

    /** Copies {@code len} bytes from offset {@code at} of this block into {@code dst} at {@code off}. */
    public void get(int at, byte[] dst, int off, int len) {
        memory.read(at, dst, off, len);
    }

    /** Stores {@code value} big-endian at offset {@code at}. */
    public void putIntBigEndian(int at, int value) {
        memory.setInt(at, BIG_ENDIAN ? value : Integer.reverseBytes(value));
    }

    /** The big-endian {@code int} at offset {@code at}. */
    public int getIntBigEndian(int at) {
        int v = memory.getInt(at);
        return BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /** Frees the block; it must not be used afterwards. */
    @Override
    public void close() {
        memory.close();
    }
}
