/**
 * mpkit's user API ({@code dev.mpkit}) and service-provider interface ({@code dev.mpkit.spi}).
 */
module dev.mpkit.spec {
    requires static transitive org.apiguardian.api;

    exports dev.mpkit;
    exports dev.mpkit.spi;

    uses dev.mpkit.spi.MultiprocessingProvider;
}
