package dev.mpkit.ref.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The PAYLOAD body: a {@link ChildBoot} written field by field, so that a child JVM decodes it without
 * {@code java.io} serialization; only the user's process object inside it is serialized.
 *
 * <pre>
 *   +------+------+---------+----------------+------------+-----------+----+----------------+--------------+---------+
 *   | 'B'2 | name | daemon  | n, identity[n] | parentName | parentPid | m, | properties     | c, classes   | process |
 *   | byte | UTF  | boolean | int, int...    | UTF        | long      | int| m x (UTF, UTF) | int, c x UTF | int len,|
 *   |      |      |         |                |            |           |    |                |              | bytes   |
 *   +------+------+---------+----------------+------------+-----------+----+----------------+--------------+---------+
 * </pre>
 */
final class BootCodec {

    private static final int VERSION = 'B' << 8 | 2;

    private BootCodec() {}

    static byte[] encode(ChildBoot boot) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(boot.process.length + 128);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(VERSION);
        out.writeUTF(boot.name);
        out.writeBoolean(boot.daemon);
        out.writeInt(boot.identity.length);
        for (int i : boot.identity) {
            out.writeInt(i);
        }
        out.writeUTF(boot.parentName);
        out.writeLong(boot.parentPid);
        out.writeInt(boot.properties.size());
        for (Map.Entry<String, String> e : boot.properties.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(boot.classes.length);
        for (String c : boot.classes) {
            out.writeUTF(c);
        }
        out.writeInt(boot.process.length);
        out.write(boot.process);
        out.flush();
        return bytes.toByteArray();
    }

    static ChildBoot decode(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new IOException("[PROC-01] unknown boot record version " + version + "; parent and child run"
                    + " different mpkit builds");
        }
        String name = in.readUTF();
        boolean daemon = in.readBoolean();
        int[] identity = new int[in.readInt()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = in.readInt();
        }
        String parentName = in.readUTF();
        long parentPid = in.readLong();
        int m = in.readInt();
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < m; i++) {
            properties.put(in.readUTF(), in.readUTF());
        }
        String[] classes = new String[in.readInt()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = in.readUTF();
        }
        byte[] process = new byte[in.readInt()];
        in.readFully(process);
        return new ChildBoot(name, daemon, identity, parentName, parentPid, properties, classes, process);
    }
}
