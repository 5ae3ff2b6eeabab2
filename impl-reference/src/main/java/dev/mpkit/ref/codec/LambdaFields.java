package dev.mpkit.ref.codec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A serializable lambda as its {@link SerializedLambda} fields, written and read without {@code java.io}
 * serialization, and made again as {@code SerializedLambda.readResolve} makes it: with the capturing class's
 * {@code $deserializeLambda$}. Used where a JVM's first {@code java.io} stream would cost more than the lambda: a
 * child's process object, a pool worker's functions.
 *
 * <pre>
 *   as modified UTF-8 strings: capturing class, functional interface class, its method name and signature;
 *   the implementation's kind (int); as strings: its class, name and signature, the instantiated method type
 * </pre>
 *
 * The captured values are the caller's to write, in a form of its choice.
 */
public final class LambdaFields {

    private final String capturing;
    private final String fi;
    private final String fiName;
    private final String fiSig;
    private final int implKind;
    private final String implClass;
    private final String implName;
    private final String implSig;
    private final String instantiated;

    private LambdaFields(String capturing, String fi, String fiName, String fiSig, int implKind, String implClass,
            String implName, String implSig, String instantiated) {
        this.capturing = capturing;
        this.fi = fi;
        this.fiName = fiName;
        this.fiSig = fiSig;
        this.implKind = implKind;
        this.implClass = implClass;
        this.implName = implName;
        this.implSig = implSig;
        this.instantiated = instantiated;
    }

    /**
     * The serialized form of {@code f}, or {@code null} if it is not a serializable lambda (or its {@code writeReplace}
     * cannot be called from here: a named module that does not open the lambda's package).
     */
    public static SerializedLambda of(Object f) {
        if (f == null || !f.getClass().isSynthetic()) {
            return null;
        }
        try {
            Method writeReplace = f.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object replaced = writeReplace.invoke(f);
            return replaced instanceof SerializedLambda ? (SerializedLambda) replaced : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The values {@code l} captured, in order. */
    public static Object[] captured(SerializedLambda l) {
        Object[] captured = new Object[l.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = l.getCapturedArg(i);
        }
        return captured;
    }

    /** Writes the fields of {@code l}, without its captured values. */
    public static void write(DataOutputStream out, SerializedLambda l) throws IOException {
        out.writeUTF(l.getCapturingClass());
        out.writeUTF(l.getFunctionalInterfaceClass());
        out.writeUTF(l.getFunctionalInterfaceMethodName());
        out.writeUTF(l.getFunctionalInterfaceMethodSignature());
        out.writeInt(l.getImplMethodKind());
        out.writeUTF(l.getImplClass());
        out.writeUTF(l.getImplMethodName());
        out.writeUTF(l.getImplMethodSignature());
        out.writeUTF(l.getInstantiatedMethodType());
    }

    /** Reads what {@link #write} wrote; the lambda is made by {@link #make} once its captured values are read. */
    public static LambdaFields read(DataInputStream in) throws IOException {
        return new LambdaFields(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(), in.readUTF(),
                in.readUTF(), in.readUTF(), in.readUTF());
    }

    /** The capturing class's name, in the JVM's form ({@code a/b/C}). */
    public String capturingClass() {
        return capturing;
    }

    /**
     * Makes the lambda, loading its capturing class with {@code loader}.
     *
     * @throws ClassNotFoundException if the capturing class cannot be loaded
     * @throws InvalidObjectException if the class does not make such a lambda, or making it failed (its cause)
     */
    public Object make(Object[] captured, ClassLoader loader) throws ClassNotFoundException, InvalidObjectException {
        Class<?> capturingClass = Class.forName(capturing.replace('/', '.'), false, loader);
        SerializedLambda l = new SerializedLambda(capturingClass, fi, fiName, fiSig, implKind, implClass, implName,
                implSig, instantiated, captured);
        try {
            // what SerializedLambda.readResolve does
            Method m = capturingClass.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            m.setAccessible(true);
            return m.invoke(null, l);
        } catch (InvocationTargetException e) {
            InvalidObjectException x = new InvalidObjectException("ReflectiveOperationException during"
                    + " deserialization");
            x.initCause(e.getCause());
            throw x;
        } catch (ReflectiveOperationException | RuntimeException e) {
            InvalidObjectException x = new InvalidObjectException("cannot deserialize the lambda of " + capturing
                    + ": " + e);
            x.initCause(e);
            throw x;
        }
    }
}
