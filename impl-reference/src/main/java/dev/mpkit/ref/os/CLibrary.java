package dev.mpkit.ref.os;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C library, for JNA's direct mappings ({@link Futex}, {@link PosixPipes}). On glibc it is opened by its soname,
 * {@code libc.so.6}: by {@link Platform#C_LIBRARY_NAME} ({@code "c"}) JNA finds no {@code libc.so} and runs
 * {@code ldconfig -p} to search for it, a fork and exec that every process loading JNA would pay.
 */
final class CLibrary {

    private CLibrary() {}

    /** The C library; where {@code libc.so.6} does not exist (musl), the one JNA finds by its generic name. */
    static NativeLibrary get() {
        if (Platform.isLinux()) {
            try {
                return NativeLibrary.getInstance("libc.so.6");
            } catch (UnsatisfiedLinkError e) {
                // not glibc
            }
        }
        return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
    }
}
