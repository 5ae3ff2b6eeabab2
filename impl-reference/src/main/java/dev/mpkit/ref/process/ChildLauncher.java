package dev.mpkit.ref.process;

import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.SharedMemoryFiles;
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
     * Maps the CDS archive or AOT cache at the address it was made for, as JDKs before 20 did by default: relocating
     * it costs a child about 5 ms (JDK 17, 25); the cost is that the archive's classes sit at a predictable address.
     */
    static final List<String> ARCHIVE_AT_DUMP_ADDRESS = List.of(
            "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

    /**
     * C1 only, one compiler thread that compiles only what runs four times as often as by default, no perf-data
     * file: a child's start-up, not its peak speed, is what Python users wait for. (One C1 thread instead of two
     * saves about 5 ms of a cold child on JDK 17 on two cores; the higher thresholds save about 12 ms of CPU time
     * of a no-op child on JDK 17 and 25, about a fifth, which another process on the same cores gets.) Then the
     * collector whose archived heap objects the JDK's CDS archive can use
     * ({@link #collectorOptions()}), and the archive mapped where it was made ({@link #ARCHIVE_AT_DUMP_ADDRESS}).
     */
    private static final List<String> DEFAULT_OPTIONS = defaultOptions();

    private ChildLauncher() {}

    private static List<String> defaultOptions() {
        List<String> r = new ArrayList<>(collectorOptions());
        r.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:CompileThresholdScaling=4",
                "-XX:-UsePerfData"));
        r.addAll(ARCHIVE_AT_DUMP_ADDRESS);
        r.add("-Xrs");
        return List.copyOf(r);
    }

    /**
     * The collector: on JDK 17 to 20 G1, the only one with which the JDK's CDS archive maps its archived heap
     * objects, among them the full module graph (without them, initializing the module system takes a JDK 17 child
     * about 15 ms); later, the serial collector, which uses them too and starts faster.
     */
    static List<String> collectorOptions() {
        return Runtime.version().feature() < 21 ? List.of("-XX:+UseG1GC") : List.of("-XX:+UseSerialGC");
    }

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

    /**
     * The command line of a child JVM.
     *
     * @param childProperties the {@code -D} options that only this child gets (how it finds its parent)
     * @param archiveOptions the class-data archive's options, possibly none
     */
    static List<String> command(List<String> childProperties, List<String> archiveOptions) {
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
        cmd.addAll(childProperties);
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
