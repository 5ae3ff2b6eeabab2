package dev.mpkit.ref.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.lang.invoke.SerializedLambda;
import java.util.Collection;

/**
 * {@code java.io} serialization of process objects, resolving classes with the context class loader; in a child,
 * the classes of the stream are loaded ahead of deserializing it ({@link #prepare}).
 */
final class Serialization {

    /** At most this many class names are recorded for {@link #prepare}: a hint, not a manifest. */
    static final int MAX_CLASSES = 64;

    private Serialization() {}

    static byte[] serialize(Object o) throws IOException {
        return serialize(o, null);
    }

    /**
     * Serializes {@code o}.
     *
     * @param classes if not {@code null}, receives the names of the classes that the stream describes and of the
     *     classes that declare its serialized lambdas, in stream order, at most {@link #MAX_CLASSES}
     */
    static byte[] serialize(Object o, Collection<String> classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = classes == null ? new ObjectOutputStream(bytes)
                : new ClassRecordingOutputStream(bytes, classes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads the classes named by {@code classes} (as {@link #serialize(Object, Collection)} recorded them), without
     * initializing them; never fails. A child does this on its main thread while another thread pays for the
     * first {@code ObjectInputStream} (ObjectInputFilter.Config looks for a logger finder, opening every JAR of the
     * class path): the two overlap, and deserializing then finds the classes loaded.
     */
    static void prepare(String[] classes) {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        for (String name : classes) {
            try {
                Class.forName(name, false, l);
            } catch (Throwable ignored) {
                // deserializing reports it, in its own words
            }
        }
    }

    static Object deserialize(byte[] b) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(b))) {
            return in.readObject();
        }
    }

    /** Records the classes that a stream describes, and those that declare its lambdas. */
    private static final class ClassRecordingOutputStream extends ObjectOutputStream {
        private final Collection<String> classes;

        ClassRecordingOutputStream(OutputStream out, Collection<String> classes) throws IOException {
            super(out);
            this.classes = classes;
            enableReplaceObject(true); // to see serialized lambdas; replaces nothing
        }

        private void record(String name) {
            if (classes.size() < MAX_CLASSES && !classes.contains(name)) {
                classes.add(name);
            }
        }

        @Override
        protected void annotateClass(Class<?> cl) {
            record(cl.getName());
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj instanceof SerializedLambda) {
                record(((SerializedLambda) obj).getCapturingClass().replace('/', '.'));
            }
            return obj;
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        LoaderObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader l = Thread.currentThread().getContextClassLoader();
            if (l != null) {
                try {
                    return Class.forName(desc.getName(), false, l);
                } catch (ClassNotFoundException ignored) {
                    // fall back to the default resolution
                }
            }
            return super.resolveClass(desc);
        }
    }
}
