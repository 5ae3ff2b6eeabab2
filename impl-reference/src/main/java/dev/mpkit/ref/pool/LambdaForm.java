package dev.mpkit.ref.pool;

import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.codec.LambdaFields;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.SerializedLambda;

/**
 * The form of a function that is a serializable lambda or method reference whose captured values have a compact
 * {@link Codec} form: its {@link SerializedLambda} fields and those values, which a worker turns back into the
 * function as {@code SerializedLambda.readResolve} does, without {@code java.io}. The first {@code java.io} stream
 * of a JVM costs a fresh worker tens of milliseconds (its configuration scans every JAR of the class path); most
 * pool functions are lambdas or method references, and a worker that receives only those never pays it. Any other
 * function travels in its Codec form, which a worker tells apart by the first byte ({@link #TAG} is no Codec tag).
 *
 * <pre>
 *   TAG, the lambda's fields ({@link LambdaFields}), its captured values as one Object[] in Codec form
 * </pre>
 */
final class LambdaForm {

    /** The first byte of a lambda form: 'L', which is no Codec tag. */
    static final byte TAG = 0x4C;

    private LambdaForm() {}

    /**
     * The lambda form of {@code f}, or {@code null} if it has none: it is not a serializable lambda, or a value
     * it captured has no compact form. Serializes the captured values now (POOL-34).
     */
    static byte[] encode(Object f) {
        SerializedLambda l = LambdaFields.of(f);
        if (l == null) {
            return null;
        }
        try {
            byte[] values = Codec.encode(LambdaFields.captured(l));
            if (values[0] == (byte) 0xAC) {
                return null; // a captured value needs java.io: the whole function goes that way
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + values.length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(TAG);
            LambdaFields.write(out, l);
            out.write(values);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException | RuntimeException e) {
            return null; // the Codec form serializes it, or says why it cannot
        }
    }

    /**
     * The function of a lambda form, made with the capturing class's {@code $deserializeLambda$}.
     *
     * @throws IOException if the form is damaged or names what cannot be found here
     */
    static Object decode(byte[] form) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(form, 1, form.length - 1));
        LambdaFields fields = LambdaFields.read(in);
        int rest = in.available();
        Object values = Codec.decode(form, form.length - rest, rest);
        if (!(values instanceof Object[])) {
            throw new IOException("the captured values of a lambda of " + fields.capturingClass() + " are damaged");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return fields.make((Object[]) values, loader != null ? loader : LambdaForm.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IOException("cannot make the lambda of " + fields.capturingClass() + " here: " + e, e);
        }
    }
}
