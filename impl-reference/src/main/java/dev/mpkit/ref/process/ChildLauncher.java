package dev.mpkit.ref.process;

import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.SharedMemoryFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the command line of a child JVM: the parent's {@code java}, its class path (SPI-04), lean start-up
 * flags, and {@code -Xrs} so that SIGTERM ends the child without running its shutdown hooks (PROC-18).
 */
final class ChildLauncher {

    /** Extra JVM options for children, split on whitespace; replaces the defaults when set. */
    static final String OPTIONS_PROPERTY = "mpkit.ref.childJvmOptions";
    /**
     * The class-data archive of the child bootstrap: unset or {@code auto} for one made and cached automatically
     * ({@link ChildArchive}), {@code off} for none, or the path of a CDS archive (JDK 17+) or AOT cache (JDK 25+,
     * {@code .aot}), used if the file exists.
     */
    static final String ARCHIVE_PROPERTY = "mpkit.ref.childArchive";

    /**
     * C1 only, one compiler thread, the serial collector, no perf-data file: a child's start-up, not its peak
     * speed, is what Python users wait for. (One C1 thread instead of two saves about 5 ms of a cold child on
     * JDK 17 on two cores; on JDK 25 it makes no measurable difference.)
     */
    private static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xrs");

    private ChildLauncher() {}

    /** The JVM options of every child, without the archive's. */
    static List<String> options() {
        String opts = System.getProperty(OPTIONS_PROPERTY);
        if (opts == null || opts.isBlank()) {
            return DEFAULT_OPTIONS;
        }
        List<String> r = new ArrayList<>(Arrays.asList(opts.trim().split("\\s+")));
        if (!r.contains("-Xrs")) {
            r.add("-Xrs");
        }
        return r;
    }

    /** Whether the options come from {@link #OPTIONS_PROPERTY}. */
    static boolean userOptions() {
        String opts = System.getProperty(OPTIONS_PROPERTY);
        return opts != null && !opts.isBlank();
    }

    static List<String> command(Path socket, long token, boolean spare, List<String> archiveOptions,
            String selectorProvider) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmProcess.javaLauncher());
        cmd.addAll(options());
        cmd.addAll(archiveOptions);
        String classPath = System.getProperty("java.class.path", "");
        String modulePath = modulePath();
        if (modulePath != null) {
            // SPI-04: a parent started from the module path gives its children the same module path
            cmd.add("--module-path");
            cmd.add(modulePath);
            cmd.add("--add-modules");
            cmd.add("ALL-MODULE-PATH");
        }
        if (!classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        SharedMemoryFiles.publish(); // children put their locks' files in this run's directory
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("mpkit.") && !ProcessRuntime.isChildOnlyProperty(key)) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-D" + ProcessRuntime.SOCKET_PROPERTY + "=" + socket);
        cmd.add("-D" + ProcessRuntime.TOKEN_PROPERTY + "=" + token);
        if (spare) {
            cmd.add("-D" + ProcessRuntime.SPARE_PROPERTY + "=true");
        }
        if (selectorProvider != null) {
            cmd.add("-D" + ProcessRuntime.SELECTOR_PROVIDER_PROPERTY + "=" + selectorProvider);
        }
        Module module = ChildMain.class.getModule();
        if (module.isNamed()) {
            cmd.add("-m");
            cmd.add(module.getName() + "/" + ChildMain.class.getName());
        } else {
            cmd.add(ChildMain.class.getName());
        }
        return cmd;
    }

    /** The parent's module path, or {@code null} if it has none. */
    static String modulePath() {
        String mp = System.getProperty("jdk.module.path");
        return mp == null || mp.isBlank() ? null : mp;
    }
}
