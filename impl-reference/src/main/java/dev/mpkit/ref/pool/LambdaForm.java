package dev.mpkit.ref.pool;

import dev.mpkit.ref.codec.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The form of a function that is a serializable lambda or method reference whose captured values have a compact
 * {@link Codec} form: its {@link SerializedLambda} fields and those values, which a worker turns back into the
 * function as {@code SerializedLambda.readResolve} does, without {@code java.io}. The first {@code java.io} stream
 * of a JVM costs a fresh worker tens of milliseconds (its configuration scans every JAR of the class path); most
 * pool functions are lambdas or method references, and a worker that receives only those never pays it. Any other
 * function travels in its Codec form, which a worker tells apart by the first byte ({@link #TAG} is no Codec tag).
 *
 * <pre>
 *   TAG, then as modified UTF-8 strings: capturing class, functional interface class, its method name and
 *   signature; then the implementation's kind (int); then as strings: its class, name and signature, the
 *   instantiated method type; then the captured values as one Object[] in Codec form
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
        if (f == null || !f.getClass().isSynthetic()) {
            return null;
        }
        try {
            Method writeReplace = f.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object replaced = writeReplace.invoke(f);
            if (!(replaced instanceof SerializedLambda)) {
                return null;
            }
            SerializedLambda l = (SerializedLambda) replaced;
            Object[] captured = new Object[l.getCapturedArgCount()];
            for (int i = 0; i < captured.length; i++) {
                captured[i] = l.getCapturedArg(i);
            }
            byte[] values = Codec.encode(captured);
            if (values[0] == (byte) 0xAC) {
                return null; // a captured value needs java.io: the whole function goes that way
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + values.length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(TAG);
            out.writeUTF(l.getCapturingClass());
            out.writeUTF(l.getFunctionalInterfaceClass());
            out.writeUTF(l.getFunctionalInterfaceMethodName());
            out.writeUTF(l.getFunctionalInterfaceMethodSignature());
            out.writeInt(l.getImplMethodKind());
            out.writeUTF(l.getImplClass());
            out.writeUTF(l.getImplMethodName());
            out.writeUTF(l.getImplMethodSignature());
            out.writeUTF(l.getInstantiatedMethodType());
            out.write(values);
            out.flush();
            return bytes.toByteArray();
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
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
        String capturing = in.readUTF();
        String fi = in.readUTF();
        String fiName = in.readUTF();
        String fiSig = in.readUTF();
        int implKind = in.readInt();
        String implClass = in.readUTF();
        String implName = in.readUTF();
        String implSig = in.readUTF();
        String instantiated = in.readUTF();
        int rest = in.available();
        Object values = Codec.decode(form, form.length - rest, rest);
        if (!(values instanceof Object[])) {
            throw new IOException("the captured values of a lambda of " + capturing + " are damaged");
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> capturingClass = Class.forName(capturing.replace('/', '.'), false,
                    loader != null ? loader : LambdaForm.class.getClassLoader());
            SerializedLambda l = new SerializedLambda(capturingClass, fi, fiName, fiSig, implKind, implClass,
                    implName, implSig, instantiated, (Object[]) values);
            Method m = capturingClass.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            m.setAccessible(true);
            return m.invoke(null, l);
        } catch (InvocationTargetException e) {
            throw new IOException("cannot make the lambda of " + capturing + " here: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IOException("cannot make the lambda of " + capturing + " here: " + e, e);
        }
    }
}
