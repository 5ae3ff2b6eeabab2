package dev.mpkit.ref.os;

import java.lang.reflect.Modifier;
import java.nio.channels.spi.SelectorProvider;

/**
 * Spares a child JVM the class-path scan of {@link SelectorProvider#provider()}.
 *
 * <p>The first Unix-domain socket a JVM opens asks {@code ServiceLoader} for a {@code SelectorProvider}, which
 * opens every JAR on the class path: about 20 ms of a child's start-up with a class path of 27 JARs. The parent
 * has the same class path and JDK, and has already looked; when it found none (it uses the JDK's built-in
 * provider), the child names that class through the JDK's documented property, only while the provider is being
 * chosen, so that the user's code in the child sees the property as it was.
 */
public final class SelectorProviderHint {

    private static final String JDK_PROPERTY = "java.nio.channels.spi.SelectorProvider";

    private SelectorProviderHint() {}

    /**
     * In the parent: the name of the JDK's built-in provider class if that is the provider in use here, else
     * {@code null} (a provider was found on the class path or named by property).
     */
    public static String builtInProviderName() {
        try {
            if (System.getProperty(JDK_PROPERTY) != null) {
                return null;
            }
            Class<?> type = SelectorProvider.provider().getClass();
            if (type.getModule() != Object.class.getModule() || !Modifier.isPublic(type.getModifiers())
                    || !Modifier.isPublic(type.getConstructor().getModifiers())) {
                return null;
            }
            return type.getName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** In the child: chooses the provider {@code className} (a class of the JDK) without scanning the class path. */
    public static void install(String className) {
        if (className == null || className.isEmpty() || System.getProperty(JDK_PROPERTY) != null) {
            return;
        }
        try {
            Class<?> type = Class.forName(className, false, null);
            if (type.getModule() != Object.class.getModule()) {
                return;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return; // a different JDK: let the JDK look as usual
        }
        System.setProperty(JDK_PROPERTY, className);
        try {
            SelectorProvider.provider();
        } finally {
            System.clearProperty(JDK_PROPERTY);
        }
    }
}
