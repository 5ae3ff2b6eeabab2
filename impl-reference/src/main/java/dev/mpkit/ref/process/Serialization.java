package dev.mpkit.ref.process;

import dev.mpkit.ChildProcess;
import dev.mpkit.JoinableQueue;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.PoolOptions;
import dev.mpkit.ProcessInfo;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ProcessTarget;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedRLock;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SimpleQueue;
import dev.mpkit.SyncManager;
import dev.mpkit.WorkerPool;
import dev.mpkit.ref.codec.Codec;
import dev.mpkit.ref.codec.LambdaFields;
import dev.mpkit.spi.ProcessControl;
import dev.mpkit.spi.ProcessControls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.SerializedLambda;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code java.io} serialization of process objects, resolving classes with the context class loader; in a child,
 * the classes of the stream are loaded ahead of deserializing it ({@link #prepare}). A plain {@code ChildProcess}
 * whose target is a serializable lambda, with captured values and arguments that are {@code null}, strings, or
 * boxed {@code int}, {@code long}, {@code double} or {@code boolean}, is written as the lambda's
 * {@link SerializedLambda} fields and those values instead ({@link #LAMBDA}), and a child rebuilds it without an
 * {@code ObjectInputStream}: the first one costs a cold child a scan of every JAR of its class path
 * ({@code ObjectInputFilter.Config} looks for a logger finder), about 20 ms of CPU time on the critical path.
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
        byte[] plain = plainLambdaProcess(o, classes);
        return plain != null ? plain : objectStream(o, classes);
    }

    /** {@code o} in a {@code java.io} serialization stream, whatever it is. */
    static byte[] objectStream(Object o, Collection<String> classes) throws IOException {
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

    /** Whether deserializing {@code b} takes an {@code ObjectInputStream}. */
    static boolean needsObjectStream(byte[] b) {
        return b.length == 0 || b[0] != LAMBDA;
    }

    static Object deserialize(byte[] b) throws IOException, ClassNotFoundException {
        if (!needsObjectStream(b)) {
            return plainLambdaProcess(b);
        }
        try (ObjectInputStream in = Codec.objectInput(new ByteArrayInputStream(b))) {
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

    // ------------------------------------------------------------------------------------------ plain lambda

    /**
     * The first byte of a plain lambda process; a {@code java.io} stream begins with {@code 0xAC}. Then, each a
     * {@code writeUTF} string unless said otherwise:
     *
     * <pre>
     *   +-----+----------------+--------------+-----------+----------+-----------+-----------+----------+----------+
     *   | 'L' | capturingClass | functional   | fi method | fi method| implKind  | implClass | implName | implSig  |
     *   |     |                | interface    | name      | signature| int       |           |          |          |
     *   +-----+----------------+--------------+-----------+----------+-----------+-----------+----------+----------+
     *   | instantiatedType | captured values  | arguments        |   values: int n, then n x (tag, value):
     *   |                  | (values)         | (values)         |   'N' null, 'S' UTF, 'I' int, 'J' long,
     *   +------------------+------------------+------------------+   'D' double, 'Z' boolean
     * </pre>
     */
    static final byte LAMBDA = 'L';

    /** {@code o} as a plain lambda process, or {@code null} if it is not one or its lambda cannot be read here. */
    private static byte[] plainLambdaProcess(Object o, Collection<String> classes) {
        if (o == null || o.getClass() != ChildProcess.class) {
            return null;
        }
        ChildProcess p = (ChildProcess) o;
        try {
            Object target = ProcessControls.targetOf(p);
            Object[] args = ProcessControls.argsOf(p);
            if (target == null || !plainValues(args)) {
                return null;
            }
            SerializedLambda l = LambdaFields.of(target); // null in a named module that does not open it: stream
            if (l == null) {
                return null;
            }
            Object[] captured = LambdaFields.captured(l);
            if (!plainValues(captured)) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(LAMBDA);
            LambdaFields.write(out, l);
            writeValues(out, captured);
            writeValues(out, args);
            out.flush();
            if (classes != null) {
                classes.add(l.getCapturingClass().replace('/', '.'));
            }
            return bytes.toByteArray();
        } catch (RuntimeException | IOException e) {
            return null; // the stream serializes it, or says why it cannot
        }
    }

    private static ChildProcess plainLambdaProcess(byte[] b) throws IOException, ClassNotFoundException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, 1, b.length - 1));
        LambdaFields fields = LambdaFields.read(in);
        Object[] captured = readValues(in);
        Object[] args = readValues(in);
        Object target = fields.make(captured, Thread.currentThread().getContextClassLoader());
        if (!(target instanceof ProcessTarget)) {
            throw new InvalidObjectException("the lambda of " + fields.capturingClass() + " is not a ProcessTarget");
        }
        return new ChildProcess(Unattached.INSTANCE, ProcessOptions.defaults(), (ProcessTarget) target, args);
    }

    /** Whether every value is {@code null}, a string, or a boxed int, long, double or boolean. */
    private static boolean plainValues(Object[] values) {
        for (Object v : values) {
            if (v != null && v.getClass() != String.class && v.getClass() != Integer.class
                    && v.getClass() != Long.class && v.getClass() != Double.class && v.getClass() != Boolean.class) {
                return false;
            }
            if (v instanceof String && ((String) v).length() > MAX_STRING) {
                return false; // writeUTF takes at most 65535 bytes
            }
        }
        return true;
    }

    /** Longest string written as a plain value: at most three bytes a char in modified UTF-8. */
    private static final int MAX_STRING = 65535 / 3;

    private static void writeValues(DataOutputStream out, Object[] values) throws IOException {
        out.writeInt(values.length);
        for (Object v : values) {
            if (v == null) {
                out.writeByte('N');
            } else if (v instanceof String) {
                out.writeByte('S');
                out.writeUTF((String) v);
            } else if (v instanceof Integer) {
                out.writeByte('I');
                out.writeInt((Integer) v);
            } else if (v instanceof Long) {
                out.writeByte('J');
                out.writeLong((Long) v);
            } else if (v instanceof Double) {
                out.writeByte('D');
                out.writeDouble((Double) v);
            } else {
                out.writeByte('Z');
                out.writeBoolean((Boolean) v);
            }
        }
    }

    private static Object[] readValues(DataInputStream in) throws IOException {
        Object[] values = new Object[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 'N':
                    values[i] = null;
                    break;
                case 'S':
                    values[i] = in.readUTF();
                    break;
                case 'I':
                    values[i] = in.readInt();
                    break;
                case 'J':
                    values[i] = in.readLong();
                    break;
                case 'D':
                    values[i] = in.readDouble();
                    break;
                case 'Z':
                    values[i] = in.readBoolean();
                    break;
                default:
                    throw new InvalidObjectException("unknown value tag " + tag + " in a plain lambda process");
            }
        }
        return values;
    }

    /**
     * The context of a process rebuilt in a child, as a deserialized one has none: it gives the process a
     * placeholder control, which the child replaces with its own (ChildMain), and nothing else.
     */
    private static final class Unattached implements MultiprocessingContext {
        static final Unattached INSTANCE = new Unattached();

        @Override
        public ProcessControl newProcessControl(ChildProcess process, ProcessOptions options) {
            return new SelfControl(ProcessRuntime.get());
        }

        private static UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException("a process rebuilt in its child has no context");
        }

        @Override
        public ProcessInfo currentProcess() {
            throw unsupported();
        }

        @Override
        public Optional<ProcessInfo> parentProcess() {
            throw unsupported();
        }

        @Override
        public List<ChildProcess> activeChildren() {
            throw unsupported();
        }

        @Override
        public int cpuCount() {
            throw unsupported();
        }

        @Override
        public SharedLock newLock() {
            throw unsupported();
        }

        @Override
        public SharedRLock newRLock() {
            throw unsupported();
        }

        @Override
        public SharedSemaphore newSemaphore(int value) {
            throw unsupported();
        }

        @Override
        public SharedSemaphore newBoundedSemaphore(int value) {
            throw unsupported();
        }

        @Override
        public Pipe newPipe(boolean duplex) {
            throw unsupported();
        }

        @Override
        public <E> SharedQueue<E> newQueue() {
            throw unsupported();
        }

        @Override
        public <E> SharedQueue<E> newQueue(int maxSize) {
            throw unsupported();
        }

        @Override
        public <E> JoinableQueue<E> newJoinableQueue(int maxSize) {
            throw unsupported();
        }

        @Override
        public <E> SimpleQueue<E> newSimpleQueue() {
            throw unsupported();
        }

        @Override
        public WorkerPool newPool(PoolOptions options) {
            throw unsupported();
        }

        @Override
        public SyncManager newManager() {
            throw unsupported();
        }

        @Override
        public SyncManager connectManager(String address, byte[] authKey) {
            throw unsupported();
        }
    }
}
