package dev.mpkit.tck.support;

import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ProcessTarget;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main process that the kit starts itself: a JVM whose {@code main} runs one scenario against
 * {@link dev.mpkit.Multiprocessing#context()} and returns, so that it exits normally. The kit owns it as a grader
 * owns its driver: it gives a test a parent that ends by returning from {@code main} (or by {@code System.exit}),
 * started from the class path, a launcher jar or the module path, whose standard output and error the kit reads
 * from {@code NAME.out} and {@code NAME.err} in the test's {@link Kit#dir()}.
 *
 * <pre>{@code
 * KitMainJvm main = KitMainJvm.start(kit, "daemon04", List.of(), args -> { … }, log);
 * try {
 *     assertEquals(0, main.await("DAEMON-04"), "[DAEMON-04] exit status; stderr: " + main.stderr());
 * } finally {
 *     main.destroy();
 * }
 * }</pre>
 */
public final class KitMainJvm {

    private final Process process;
    private final Kit kit;
    private final String name;

    private KitMainJvm(Process process, Kit kit, String name) {
        this.process = process;
        this.kit = kit;
        this.name = name;
    }

    /**
     * Starts {@code java [options] [-cp <the kit's class path> KitMainJvm] <scenario file>} with the kit's
     * {@code mpkit.*} system properties; options containing {@code -jar} or {@code -m} replace the class path and
     * main class, and any other option (a private {@code -Djava.io.tmpdir}, say) goes to the JVM as it is.
     */
    public static KitMainJvm start(Kit kit, String name, List<String> options, ProcessTarget scenario,
            Object... args) throws IOException {
        Path file = kit.file(name + ".scenario");
        try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(file))) {
            o.writeObject(new Object[] {scenario, args});
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().filter(c -> c.endsWith("/java")).orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("mpkit.")) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.addAll(options);
        if (!options.contains("-jar") && !options.contains("-m")) {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(KitMainJvm.class.getName());
        }
        cmd.add(file.toString());
        Process process = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(kit.file(name + ".out").toFile())
                .redirectError(kit.file(name + ".err").toFile())
                .start();
        return new KitMainJvm(process, kit, name);
    }

    /** The main process's OS pid. */
    public long pid() {
        return process.pid();
    }

    /** Whether the main process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the main process to exit, at most {@link Timeouts#MUST_HAPPEN}, and returns its status. */
    public int await(String clause) throws InterruptedException {
        if (!process.waitFor(Timeouts.MUST_HAPPEN.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("[" + clause + "] the kit's main process did not exit within " + Timeouts.MUST_HAPPEN
                    + " after its main() returned; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** The file that receives the main process's standard output, {@code NAME.out} in the test's directory. */
    public Path outFile() {
        return kit.file(name + ".out");
    }

    /** The file that receives the main process's standard error, {@code NAME.err} in the test's directory. */
    public Path errFile() {
        return kit.file(name + ".err");
    }

    /** The main process's standard error so far, at most its last 4000 characters, for failure messages. */
    public String stderr() {
        try {
            String s = Files.readString(errFile());
            return s.length() > 4000 ? "…" + s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills the main process and whatever it left behind, and waits at most {@link Timeouts#MUST_HAPPEN}. */
    public void destroy() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(Timeouts.MUST_HAPPEN.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the scenario in the file {@code args[0]} and returns, so that the JVM exits normally. */
    public static void main(String[] args) throws Exception {
        Object[] o;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Paths.get(args[0])))) {
            o = (Object[]) in.readObject();
        }
        ((ProcessTarget) o[0]).run((Object[]) o[1]);
    }
}
