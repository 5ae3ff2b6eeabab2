package dev.mpkit.ref.process;

import dev.mpkit.ref.os.JvmProcess;
import dev.mpkit.ref.os.QuietProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The class-data archive that child JVMs start from: an AppCDS archive on JDK 17 to 24, the AOT cache on JDK 25
 * and later, made once per JDK, class path and child options by a training JVM and kept in a cache directory.
 */
/* Overview
 *
 * What. JDK 17 to 20 (children on G1): a static CDS archive of the JDK's and the bootstrap's classes together,
 * from the class list that the training JVM writes (-XX:DumpLoadedClassList), assembled by a second JVM
 * (-Xshare:dump) and used with -XX:SharedArchiveFile in place of the JDK's own archive. Unlike a dynamic archive
 * on top of the JDK's, it holds the lambdas of JDK classes (ObjectInputFilter.Config's, for one) and the
 * method-handle forms that the bootstrap uses, which a child would otherwise spin at run time: about 4 ms of a cold
 * child. JDK 21 to 24: a dynamic CDS archive, dumped by -XX:ArchiveClassesAtExit. JDK 25: an AOT cache (JEP 483,
 * 514), recorded by -XX:AOTMode=record -XX:AOTConfiguration and assembled by a second JVM with -XX:AOTMode=create,
 * used with -XX:AOTCache. A last JVM starts from the new file with its use made mandatory before it is published:
 * a truncated CDS archive crashes the JVMs that map it. All hold the classes' linked state, so a child loads the
 * bootstrap (ChildMain, the boot codec, java.io deserialization, lambdas) from mapped memory instead of JAR
 * files.
 *
 * Where. One file per key in $XDG_CACHE_HOME/mpkit (default ~/.cache/mpkit): child-<key>.jsa or .aot. The key
 * hashes java.home, the VM version, the child JVM options, the class path and each entry's size and mtime, and
 * the JVM option variables of the environment; a rebuilt JAR gives a new key. A JVM that uses an archive marks it
 * used (its mtime), and the MAX_KEPT most recently used archives are kept. Files are written under a temporary name holding the writer's pid and renamed atomically; temporary
 * files whose writer is gone are removed.
 *
 * When. The main process (never a child, so that no child's exit waits for a training) starts one training in
 * the background when it launches its first child and the archive is missing. The training JVM is no child of
 * anyone's: its standard output and error are /dev/null, it is not listed or counted, and it runs the cold
 * bootstrap of ChildMain on a no-op process that this JVM writes to its standard input pipe, as it does a cold
 * child's work, with a daemonic child's parent watch, then rehearses a plain lambda process and a pool worker's path
 * (Pools.rehearseWorker), so that the archive holds their classes too: a child that loads one class from a JAR file
 * pays about 10 ms for opening it. It dumps when it halts (Runtime.halt dumps on every JDK). Until the archive
 * exists, children start without it. The exit sequence waits for a training still running (at most TRAINING_BUDGET),
 * then kills it.
 *
 * Skipped quietly when: mpkit.ref.childArchive names a file (used as is) or is "off"; the class path holds a
 * non-empty directory (CDS archives only JAR files; Maven surefire runs from target/classes); the parent runs from
 * the module path (children get the same module path, which this cache does not key on); the child options
 * already touch CDS, the AOT cache or agents; there is no writable cache directory. Children never print CDS
 * warnings: their options carry -Xlog:cds*=off (and aot*=off), and a stale archive is ignored (-Xshare:auto).
 */
final class ChildArchive {

    private static final int MAX_KEPT = 16;
    private static final Duration TRAINING_BUDGET = Duration.ofSeconds(30);
    private static final String PREFIX = "child-";
    private static final boolean AOT_JDK = Runtime.version().feature() >= 25;
    /** Archived heap objects (the full module graph among them) need G1 when a JDK before 21 dumps them. */
    private static final boolean STATIC_JDK = Runtime.version().feature() < 21;

    private final boolean aot;
    /** Whether the archive is a static one, made from a class list (see the overview). */
    private final boolean fromClassList;
    private final List<String> silence;
    private final Path file;
    private final boolean trainable;
    private final Path dir;
    private final String key;
    private volatile Training training;
    private boolean attempted;
    private volatile boolean markedUsed;

    private ChildArchive(boolean aot, Path file, boolean trainable, Path dir, String key) {
        this.aot = aot;
        this.fromClassList = !aot && STATIC_JDK && !selectsCollectorOtherThanG1(ChildLauncher.options());
        this.silence = AOT_JDK ? List.of("-Xlog:cds*=off", "-Xlog:aot*=off") : List.of("-Xlog:cds*=off");
        this.file = file;
        this.trainable = trainable;
        this.dir = dir;
        this.key = key;
    }

    /** The archive for children started with {@code options} and this JVM's class path. */
    static ChildArchive of(List<String> options, boolean userOptions) {
        boolean aot = AOT_JDK;
        String named = System.getProperty(ChildLauncher.ARCHIVE_PROPERTY);
        if (named != null && !named.isBlank() && !named.trim().equals("auto")) {
            String n = named.trim();
            if (n.equals("off") || n.equals("none") || n.equals("false")) {
                return new ChildArchive(aot, null, false, null, null);
            }
            if (n.endsWith(".aot") && !AOT_JDK) {
                return new ChildArchive(false, null, false, null, null); // this JDK cannot read an AOT cache
            }
            return new ChildArchive(n.endsWith(".aot"), Paths.get(n), false, null, null); // used if it exists
        }
        String classPath = System.getProperty("java.class.path", "");
        if ((userOptions && touchesArchives(options)) || !archivable(classPath) || ChildLauncher.modulePath() != null) {
            return new ChildArchive(aot, null, false, null, null);
        }
        Path dir = cacheDir();
        String key = dir == null ? null : key(options, classPath);
        if (key == null) {
            return new ChildArchive(aot, null, false, null, null);
        }
        return new ChildArchive(aot, dir.resolve(PREFIX + key + (aot ? ".aot" : ".jsa")), true, dir, key);
    }

    /** The options that make a child start from the archive, if it exists; else none. */
    List<String> useFlags() {
        Path f = file;
        if (f == null || !Files.isRegularFile(f)) {
            return List.of();
        }
        if (!markedUsed && trainable) {
            markedUsed = true;
            try {
                Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis())); // see prune()
            } catch (IOException | RuntimeException ignored) {
                // only affects which archives are pruned first
            }
        }
        List<String> flags = new ArrayList<>(silence);
        flags.add(aot ? "-XX:AOTCache=" + f : "-XX:SharedArchiveFile=" + f);
        return flags;
    }

    /**
     * Starts the training if this JVM may train, the archive is missing and no training was tried yet here.
     *
     * @param launcher starts the training JVM, a cold child with the given extra options and PAYLOAD body; runs on
     *     a daemon thread
     */
    void trainIfMissing(ProcessRuntime runtime, TrainingLauncher launcher) {
        if (!trainable || runtime.isChild()) {
            return;
        }
        Training t;
        synchronized (this) {
            if (attempted || Files.isRegularFile(file)) {
                return;
            }
            attempted = true;
            String stem = PREFIX + key + "." + JvmProcess.currentPid() + "-"
                    + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + ".tmp";
            t = new Training(dir.resolve(stem + (aot ? ".aotconf" : fromClassList ? ".classlist" : ".jsa")),
                    dir.resolve(stem + (aot ? ".aot" : ".jsa")));
            training = t; // from here on, the exit sequence waits for it
        }
        Thread starter = new Thread(() -> startTraining(t, runtime, launcher), "mpkit-archive-training");
        starter.setDaemon(true);
        starter.start();
    }

    /** Starts a training JVM: a cold child with extra JVM options, handed a PAYLOAD body. */
    interface TrainingLauncher {
        QuietProcess start(List<String> extraOptions, byte[] payload) throws IOException;
    }

    private void startTraining(Training t, ProcessRuntime runtime, TrainingLauncher launcher) {
        sweepTemporaries();
        List<String> flags = new ArrayList<>(silence);
        flags.add("-D" + ProcessRuntime.TRAINING_PROPERTY + "=true");
        if (aot) {
            flags.add("-XX:AOTMode=record");
            flags.add("-XX:AOTConfiguration=" + t.dump);
            // Without the spares' control-socket path in it, the AOT cache slows a warm start on JDK 25 by
            // about 4 ms; a static CDS archive holding it slows a cold start on JDK 17 by 2-4 ms (a larger
            // archived heap to map), and spares on JDK 17 do as well without it.
            flags.add("-D" + ProcessRuntime.REHEARSE_PROPERTY + "=true");
        } else if (fromClassList) {
            flags.add("-XX:DumpLoadedClassList=" + t.dump);
        } else {
            flags.add("-XX:ArchiveClassesAtExit=" + t.dump);
        }
        try {
            t.jvm = launcher.start(flags, Prewarm.sampleBoot("mpkit-training", runtime.pid(), true));
        } catch (IOException | RuntimeException e) {
            t.fail();
            return;
        }
        t.jvm.onExit().whenComplete((p, e) -> trained(t, runtime));
    }

    private void trained(Training t, ProcessRuntime runtime) {
        int status = t.jvm.exitValue();
        if (status != 0 || !nonEmpty(t.dump)) {
            t.fail();
            return;
        }
        if (!aot && !fromClassList) {
            validateThenPublish(t, t.dump);
            return;
        }
        List<String> create = helperCommand();
        if (aot) {
            create.add("-XX:AOTMode=create");
            create.add("-XX:AOTConfiguration=" + t.dump);
            create.add("-XX:AOTCache=" + t.assembled);
        } else {
            create.add("-Xshare:dump");
            create.add("-XX:SharedClassListFile=" + t.dump);
            create.add("-XX:SharedArchiveFile=" + t.assembled);
        }
        create.add("-cp");
        create.add(System.getProperty("java.class.path"));
        if (!t.runHelper(create, () -> {
            deleteQuietly(t.dump);
            validateThenPublish(t, t.assembled);
        })) {
            t.fail();
        }
    }

    /**
     * Publishes {@code made} once a JVM has started from it with archive use made mandatory: a truncated or
     * otherwise broken CDS archive can crash every JVM that maps it (SIGBUS on JDK 17), so none is published
     * untried. The trial JVM's crash report, if any, goes to /dev/null.
     */
    private void validateThenPublish(Training t, Path made) {
        if (!nonEmpty(made)) {
            t.fail();
            return;
        }
        List<String> check = helperCommand();
        check.add("-XX:ErrorFile=/dev/null");
        check.add("-XX:-CreateCoredumpOnCrash");
        if (aot) {
            check.add("-XX:AOTMode=on");
            check.add("-XX:AOTCache=" + made);
        } else {
            check.add("-Xshare:on");
            check.add("-XX:SharedArchiveFile=" + made);
        }
        check.add("-cp");
        check.add(System.getProperty("java.class.path"));
        check.add("-version");
        if (!t.runHelper(check, () -> t.publish(made))) {
            t.fail();
        }
    }

    private List<String> helperCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmProcess.javaLauncher());
        cmd.addAll(ChildLauncher.options());
        cmd.addAll(silence);
        return cmd;
    }

    /** In the exit sequence: lets a running training finish, at most {@link #TRAINING_BUDGET}, then kills it. */
    void awaitTraining() {
        Training t = training;
        if (t == null) {
            return;
        }
        try {
            t.done.get(TRAINING_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t.kill();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            t.kill();
        }
    }

    /** One training run and the files it writes. */
    private final class Training {
        final Path dump;
        final Path assembled;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile QuietProcess jvm;
        volatile QuietProcess helper;

        Training(Path dump, Path assembled) {
            this.dump = dump;
            this.assembled = assembled;
        }

        /** Runs a helper JVM; {@code then} runs if it exits with 0, else the training fails. */
        boolean runHelper(List<String> command, Runnable then) {
            QuietProcess p;
            try {
                p = QuietProcess.start(command);
            } catch (IOException e) {
                return false;
            }
            helper = p;
            p.onExit().whenComplete((x, e) -> {
                if (p.exitValue() == 0) {
                    then.run();
                } else {
                    fail();
                }
            });
            return true;
        }

        void publish(Path made) {
            try {
                Files.move(made, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune();
            } catch (IOException | RuntimeException e) {
                deleteQuietly(made);
            }
            done.complete(null);
        }

        void fail() {
            deleteQuietly(dump);
            deleteQuietly(assembled);
            done.complete(null);
        }

        void kill() {
            QuietProcess j = jvm;
            QuietProcess a = helper;
            for (QuietProcess p : new QuietProcess[] {j, a}) {
                if (p != null) {
                    p.kill();
                    try {
                        p.waitFor(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            fail();
        }
    }

    // ------------------------------------------------------------------------------------------ files

    private static boolean selectsCollectorOtherThanG1(List<String> options) {
        for (String o : options) {
            if (o.startsWith("-XX:+Use") && o.endsWith("GC") && !o.equals("-XX:+UseG1GC")) {
                return true;
            }
        }
        return false;
    }

    private static boolean touchesArchives(List<String> options) {
        for (String o : options) {
            if (o.startsWith("-Xshare") || o.contains("SharedArchiveFile") || o.contains("ArchiveClassesAtExit")
                    || o.contains("AOT") || o.contains("SharedClassListFile") || o.contains("DumpLoadedClassList")
                    || o.startsWith("-javaagent") || o.startsWith("-agent")) {
                return true;
            }
        }
        return false;
    }

    /** Whether CDS can archive classes from this class path: JAR files only (empty directories do no harm). */
    private static boolean archivable(String classPath) {
        if (classPath.isEmpty()) {
            return false;
        }
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            if (entry.isEmpty()) {
                return false; // the working directory
            }
            Path p = Paths.get(entry);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    if (s.findAny().isPresent()) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()
                ? Paths.get(xdg) : Paths.get(System.getProperty("user.home", "/nonexistent"), ".cache");
        Path dir = base.resolve("mpkit");
        try {
            Files.createDirectories(base);
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.isWritable(dir) ? dir : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static String key(List<String> options, String classPath) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder b = new StringBuilder("mpkit-child-archive-2\n");
            b.append(System.getProperty("java.home")).append('\n')
                    .append(System.getProperty("java.vm.version")).append('\n')
                    .append(System.getProperty("os.arch")).append('\n')
                    .append(String.join("\u0000", options)).append('\n')
                    .append(System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "")).append('\n')
                    .append(System.getenv().getOrDefault("JDK_JAVA_OPTIONS", "")).append('\n');
            for (String entry : classPath.split(File.pathSeparator, -1)) {
                Path p = Paths.get(entry);
                b.append(entry);
                if (Files.isRegularFile(p)) {
                    b.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
                } else {
                    b.append(Files.isDirectory(p) ? " dir" : " missing");
                }
                b.append('\n');
            }
            byte[] h = md.digest(b.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                hex.append(String.format(Locale.ROOT, "%02x", h[i]));
            }
            return hex.toString();
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** Removes temporary files whose writer (the pid in their name) is no longer running. */
    private void sweepTemporaries() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*.tmp*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                int dot = n.indexOf('.');
                int dash = n.indexOf('-', dot + 1);
                try {
                    long pid = Long.parseLong(n.substring(dot + 1, dash));
                    if (!JvmProcess.isRunning(pid)) {
                        deleteQuietly(p);
                    }
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    // not ours
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing to sweep
        }
    }

    /** Keeps the {@link #MAX_KEPT} most recently used or made archives. */
    private void prune() {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*.{jsa,aot}")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().contains(".tmp")) {
                    archives.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        archives.sort(Comparator.comparing(ChildArchive::modified).reversed());
        for (int i = MAX_KEPT; i < archives.size(); i++) {
            deleteQuietly(archives.get(i));
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean nonEmpty(Path p) {
        try {
            return Files.isRegularFile(p) && Files.size(p) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
