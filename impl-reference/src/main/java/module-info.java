/**
 * mpkit's reference implementation: every process a separate JVM. Exports nothing; it is reached through the
 * SPI only.
 */
module dev.mpkit.ref {
    requires dev.mpkit.spec;

    provides dev.mpkit.spi.MultiprocessingProvider with dev.mpkit.ref.ReferenceProvider;
}
