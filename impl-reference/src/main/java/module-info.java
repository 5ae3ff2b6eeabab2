/**
 * mpkit's reference implementation: every process a separate JVM. Exports nothing; it is reached through the
 * SPI only.
 */
@SuppressWarnings("requires-automatic") // JNA 5 ships as the automatic module com.sun.jna
module dev.mpkit.ref {
    requires dev.mpkit.spec;
    requires com.sun.jna; // the futex slow path of locks and semaphores (JDK 17 has no FFM)
    requires jdk.unsupported; // sun.misc.Unsafe up to JDK 22: the queue ring's words, cheap in an interpreted child

    provides dev.mpkit.spi.MultiprocessingProvider with dev.mpkit.ref.ReferenceProvider;
}
