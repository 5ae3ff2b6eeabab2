package dev.mpkit.ref.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * How pipes and queues turn objects into bytes and back (PIPE, QUEUE): a compact form for the common types, and
 * {@code java.io} serialization for everything else. The form of an object is self-describing, so that
 * {@link #decode(byte[], int, int)} needs nothing but the bytes.
 */
public final class Codec {

    private Codec() {}

    /**
     * The serialized form of {@code obj}.
     *
     * @param obj the object; {@code null} included
     * @return its form; never empty
     * @throws NotSerializableException if {@code obj}, or an object it refers to, is not serializable
     * @throws IOException if serialization fails otherwise
     * @throws IllegalArgumentException if a handle in it refuses to be serialized here, for example a lock
     *     outside a child's start ([LOCK-17]); the message names the clause
     */
    public static byte[] encode(Object obj) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(obj);
        }
        return bytes.toByteArray();
    }

    /**
     * The object whose form is {@code len} bytes of {@code buf} from {@code off}.
     *
     * @throws IOException if the bytes are not such a form, or a class they name cannot be loaded here
     */
    public static Object decode(byte[] buf, int off, int len) throws IOException {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(buf, off, len))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("class " + e.getMessage() + " of a received object cannot be loaded here", e);
        } catch (RuntimeException e) {
            throw new IOException("the bytes received are not a serialized object: " + e, e);
        }
    }

    /** Resolves classes with the context class loader first, as the child's payload does. */
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
