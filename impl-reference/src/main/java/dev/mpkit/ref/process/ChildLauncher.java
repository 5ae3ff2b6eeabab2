package dev.mpkit.ref.process;

import dev.mpkit.ref.os.JvmProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
    /** A CDS archive (JDK 17+) or AOT cache (JDK 25+) for the child bootstrap; used if the file exists. */
    static final String ARCHIVE_PROPERTY = "mpkit.ref.childArchive";

    private static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xrs");

    private ChildLauncher() {}

    static List<String> command(Path socket, long token, boolean spare) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmProcess.javaLauncher());
        String opts = System.getProperty(OPTIONS_PROPERTY);
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
            if (!cmd.contains("-Xrs")) {
                cmd.add("-Xrs");
            }
        } else {
            cmd.addAll(DEFAULT_OPTIONS);
        }
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        if (archive != null && !archive.isBlank() && Files.isRegularFile(Paths.get(archive))) {
            if (archive.endsWith(".aot")) {
                cmd.add("-XX:AOTCache=" + archive);
            } else {
                cmd.add("-XX:SharedArchiveFile=" + archive);
            }
            cmd.add("-Xlog:cds=off");
            cmd.add("-Xlog:cds+dynamic=off");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
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
        cmd.add(ChildMain.class.getName());
        return cmd;
    }
}
