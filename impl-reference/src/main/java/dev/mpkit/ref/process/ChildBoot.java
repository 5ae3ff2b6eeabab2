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
    /** The classes that deserializing {@link #process} loads, for the child to load them early (a hint). */
    final String[] classes;
    final byte[] process;

    ChildBoot(String name, boolean daemon, int[] identity, String parentName, long parentPid,
            Map<String, String> properties, String[] classes, byte[] process) {
        this.name = name;
        this.daemon = daemon;
        this.identity = identity.clone();
        this.parentName = parentName;
        this.parentPid = parentPid;
        this.properties = properties;
        this.classes = classes.clone();
        this.process = process;
    }
}
