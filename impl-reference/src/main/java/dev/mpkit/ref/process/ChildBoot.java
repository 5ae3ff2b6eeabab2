package dev.mpkit.ref.process;

import java.io.Serializable;
import java.util.Map;

/** What a child JVM is told about itself before it deserializes the user's process object. */
final class ChildBoot implements Serializable {

    private static final long serialVersionUID = 1L;

    final String name;
    final boolean daemon;
    final int[] identity;
    final String parentName;
    final long parentPid;
    final Map<String, String> properties;
    final byte[] process;

    ChildBoot(String name, boolean daemon, int[] identity, String parentName, long parentPid,
            Map<String, String> properties, byte[] process) {
        this.name = name;
        this.daemon = daemon;
        this.identity = identity.clone();
        this.parentName = parentName;
        this.parentPid = parentPid;
        this.properties = properties;
        this.process = process;
    }
}
