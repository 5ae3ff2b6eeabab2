package dev.mpkit.tck.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mpkit.ChildProcess;
import dev.mpkit.Connection;
import dev.mpkit.Multiprocessing;
import dev.mpkit.MultiprocessingContext;
import dev.mpkit.Pipe;
import dev.mpkit.PoolOptions;
import dev.mpkit.ProcessOptions;
import dev.mpkit.ProcessTarget;
import dev.mpkit.SharedLock;
import dev.mpkit.SharedQueue;
import dev.mpkit.SharedSemaphore;
import dev.mpkit.SimpleQueue;
import dev.mpkit.SyncManager;
import dev.mpkit.spi.MultiprocessingProvider;
import dev.mpkit.tck.support.ChildTargets;
import dev.mpkit.tck.support.ChildWork;
import dev.mpkit.tck.support.Children;
import dev.mpkit.tck.support.Clause;
import dev.mpkit.tck.support.ClauseTests;
import dev.mpkit.tck.support.EventLog;
import dev.mpkit.tck.support.Kit;
import dev.mpkit.tck.support.KitMainJvm;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.TimeScale;
import dev.mpkit.tck.support.Timeouts;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** How a provider plugs in and what it owes every program: SPI-01 to SPI-08. */
@ClauseTests
class ProviderClauseTests {

    /**
     * The provider under test is a public class with a public no-argument constructor that ServiceLoader finds,
     * and Multiprocessing.providers() lists.
     * <p>If this fails, check the provider's META-INF/services/dev.mpkit.spi.MultiprocessingProvider entry or its
     * module descriptor's {@code provides} clause.
     */
    @Clause("SPI-01")
    @Test
    void spi01_providerIsFoundWithServiceLoader(MultiprocessingContext mp) throws Exception {
        Class<?> type = Multiprocessing.provider().getClass();
        assertTrue(Modifier.isPublic(type.getModifiers()), "[SPI-01] provider class " + type.getName()
                + " is not public");
        assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), "[SPI-01] provider class "
                + type.getName() + " has no public no-argument constructor");
        List<String> found = new ArrayList<>();
        ServiceLoader.load(MultiprocessingProvider.class).stream().forEach(p -> found.add(p.type().getName()));
        assertTrue(found.contains(type.getName()), "[SPI-01] ServiceLoader finds " + found + ", not the provider"
                + " under test " + type.getName());
        assertTrue(Multiprocessing.providers().stream().anyMatch(p -> p.getClass() == type), "[SPI-01]"
                + " Multiprocessing.providers() does not list " + type.getName());
        assertSame(Multiprocessing.provider().context().getClass(), mp.getClass(), "[SPI-01] Multiprocessing.context()"
                + " is not the provider's context");
    }

    /**
     * The provider is chosen by class name or id; an unknown name fails with IllegalStateException naming SPI-02
     * and the name; a child uses its parent's provider.
     * <p>If this fails, check that the provider's id() matches what -Dmpkit.provider names and that children get
     * the same -Dmpkit.provider.
     */
    @Clause("SPI-02")
    @Test
    void spi02_providerIsChosenByNameAndUnknownNamesFail(MultiprocessingContext mp, Kit kit) throws Exception {
        MultiprocessingProvider chosen = Multiprocessing.provider();
        assertSame(chosen.getClass(), Multiprocessing.provider(chosen.id()).getClass(), "[SPI-02] provider chosen"
                + " by its id '" + chosen.id() + "'");
        assertSame(chosen.getClass(), Multiprocessing.provider(chosen.getClass().getName()).getClass(), "[SPI-02]"
                + " provider chosen by its class name");
        String unknown = "no.such.Provider";
        try {
            Multiprocessing.provider(unknown);
            fail("[SPI-02] Multiprocessing.provider(\"" + unknown + "\") returned a provider; expected"
                    + " IllegalStateException");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("[SPI-02]")
                    && e.getMessage().contains(unknown), "[SPI-02] message for an unknown provider must start with"
                    + " [SPI-02] and name '" + unknown + "', was: " + e.getMessage());
        }
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("provider="
                + Multiprocessing.provider().getClass().getName()), log);
        try {
            p.start();
            p.join();
            assertEquals(chosen.getClass().getName(), kit.awaitValue(log, "provider="), "[SPI-02] provider class"
                    + " used in a child");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * id() is non-blank and the same on every call, on a new instance, and in a child.
     * <p>If this fails, check that id() returns a constant.
     */
    @Clause("SPI-03")
    @Test
    void spi03_idIsNonBlankAndStable(MultiprocessingContext mp, Kit kit) throws Exception {
        MultiprocessingProvider provider = Multiprocessing.provider();
        String id = provider.id();
        assertTrue(id != null && !id.isBlank(), "[SPI-03] id() is blank: '" + id + "'");
        assertEquals(id, provider.id(), "[SPI-03] id() on a second call");
        assertEquals(id, provider.getClass().getConstructor().newInstance().id(), "[SPI-03] id() of a new instance");
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(args -> ((EventLog) args[0]).record("id=" + Multiprocessing.provider().id()),
                log);
        try {
            p.start();
            p.join();
            assertEquals(id, kit.awaitValue(log, "id="), "[SPI-03] id() in a child");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * A child loads the kit's own classes: a ProcessTarget implementation, argument classes and the classes they
     * reference, and a ChildProcess subclass.
     * <p>If this fails, check that the child JVM gets the parent's class path.
     */
    @Clause("SPI-04")
    @Test
    void spi04_childLoadsTheCallersClasses(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess target = mp.newProcess(new KitTarget(), log, new Parcel("parcel", new Parcel.Label("blue")));
        ChildProcess subclass = new KitChild(mp, log);
        try {
            target.start();
            subclass.start();
            target.join();
            subclass.join();
            assertEquals(OptionalInt.of(0), target.exitCode(), "[SPI-04] exit code of a child whose target and"
                    + " argument are kit classes");
            assertEquals(KitTarget.class.getName() + " got parcel/blue", kit.awaitValue(log, "target="),
                    "[SPI-04] a kit ProcessTarget class with kit argument classes, in the child");
            assertEquals(OptionalInt.of(0), subclass.exitCode(), "[SPI-04] exit code of a kit ChildProcess subclass");
            assertEquals(KitChild.class.getName(), kit.awaitValue(log, "subclass="), "[SPI-04] a kit ChildProcess"
                    + " subclass's run(), in the child");
        } finally {
            Children.stop(target, subclass);
        }
    }

    /**
     * A child loads the caller's classes when the parent was started from a launcher jar whose manifest Class-Path
     * lists the real class path entries, as Maven Surefire and some IDEs do.
     * <p>If this fails, check that the child's class path is the parent's effective one, not only the launcher jar,
     * or that the manifest's Class-Path is honoured.
     */
    @Clause("SPI-04")
    @Test
    void spi04_childLoadsClassesBehindALauncherJar(Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path jar = kit.file("launcher.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, KitMainJvm.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(
                System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isBlank())
                .map(e -> Paths.get(e).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        KitMainJvm main = KitMainJvm.start(kit, "spi04", List.of("-jar", jar.toString()), args -> {
            EventLog l = (EventLog) args[0];
            l.record("main class.path=" + System.getProperty("java.class.path"));
            ChildProcess p = Multiprocessing.context().newProcess(new KitTarget(), l,
                    new Parcel("jar", new Parcel.Label("green")));
            p.start();
            p.join();
            l.record("main child exit=" + p.exitCode());
        }, log);
        try {
            assertEquals(0, main.await("SPI-04"), "[SPI-04] exit status of the main process started from a launcher"
                    + " jar; stderr: " + main.stderr());
            assertEquals(jar.toString(), kit.awaitValue(log, "main class.path="), "[SPI-04] kit: the main process"
                    + " was not started from the launcher jar alone");
            String exit = kit.awaitValue(log, "main child exit=");
            assertEquals(OptionalInt.of(0).toString(), exit, "[SPI-04] the child of a main process started from a launcher jar"
                    + " exited with " + exit + "; stderr: " + main.stderr());
            assertEquals(KitTarget.class.getName() + " got jar/green", kit.awaitValue(log, "target="), "[SPI-04] a"
                    + " kit ProcessTarget class, in the child of a main process started from a launcher jar");
        } finally {
            main.destroy();
        }
    }

    /**
     * A child loads the caller's classes when the parent runs on the module path: the kit's jar, the spec, the
     * provider and their dependencies as named and automatic modules, with an empty class path.
     * <p>SKIPPED when the kit is not packaged as a jar (a directory cannot be an automatic module).
     * <p>If this fails, check that the child JVM gets the parent's module path ({@code jdk.module.path}) and
     * root modules, not only {@code java.class.path}, which is empty here.
     */
    @Clause("SPI-04")
    @Test
    void spi04_childLoadsClassesFromTheModulePath(Kit kit) throws Exception {
        Path kitJar = Paths.get(KitMainJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(kitJar), "[SPI-04] the kit runs from " + kitJar + ", not a jar:"
                + " it cannot be put on the module path");
        String module = ModuleFinder.of(kitJar).findAll().iterator().next().descriptor().name();
        EventLog log = kit.newEventLog();
        KitMainJvm main = KitMainJvm.start(kit, "spi04-modules", List.of("--module-path",
                System.getProperty("java.class.path"), "--add-modules", "ALL-MODULE-PATH",
                "-m", module + "/" + KitMainJvm.class.getName()), args -> {
                    EventLog l = (EventLog) args[0];
                    l.record("main module=" + KitMainJvm.class.getModule().getName() + " class.path="
                            + System.getProperty("java.class.path"));
                    ChildProcess p = Multiprocessing.context().newProcess(new KitTarget(), l,
                            new Parcel("modules", new Parcel.Label("red")));
                    p.start();
                    p.join();
                    l.record("main child exit=" + p.exitCode());
                }, log);
        try {
            assertEquals(0, main.await("SPI-04"), "[SPI-04] exit status of the main process on the module path;"
                    + " stderr: " + main.stderr());
            assertEquals(module + " class.path=", kit.awaitValue(log, "main module="), "[SPI-04] kit: the main"
                    + " process did not run on the module path alone");
            String exit = kit.awaitValue(log, "main child exit=");
            assertEquals(OptionalInt.of(0).toString(), exit, "[SPI-04] the child of a main process on the module path"
                    + " exited with " + exit + "; stderr: " + main.stderr());
            assertEquals(KitTarget.class.getName() + " got modules/red", kit.awaitValue(log, "target="), "[SPI-04] a"
                    + " kit ProcessTarget class, in the child of a main process on the module path");
        } finally {
            main.destroy();
        }
    }

    /**
     * Inside a child, Multiprocessing.context() is a context of the parent's provider whose currentProcess() is the
     * child and parentProcess() the parent, and which can start a grandchild.
     * <p>If this fails, check that the provider sets the child's context up before run().
     */
    @Clause("SPI-05")
    @Test
    void spi05_contextInsideAChildIsTheChildsOwn(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ProcessOptions.defaults().name("spi05-child"), args -> {
            EventLog l = (EventLog) args[0];
            MultiprocessingContext ctx = Multiprocessing.context();
            l.record("id=" + Multiprocessing.provider().id());
            l.record("class=" + Multiprocessing.provider().getClass().getName());
            l.record("name=" + ctx.currentProcess().name());
            l.record("pid=" + ctx.currentProcess().pid().orElse(-1));
            l.record("parent=" + ctx.parentProcess().flatMap(i -> i.pid().isPresent()
                    ? java.util.Optional.of(i.pid().getAsLong()) : java.util.Optional.empty()).orElse(-1L));
            ChildProcess g = ctx.newProcess(a -> ((EventLog) a[0]).record("grandchild ran"), l);
            g.start();
            g.join();
            l.record("grandchild exit=" + g.exitCode());
        }, log);
        try {
            p.start();
            p.join();
            MultiprocessingProvider provider = Multiprocessing.provider();
            assertEquals(provider.id(), kit.awaitValue(log, "id="), "[SPI-05] provider id() in a child");
            assertEquals(provider.getClass().getName(), kit.awaitValue(log, "class="), "[SPI-05] provider class in a"
                    + " child");
            assertEquals(p.name(), kit.awaitValue(log, "name="), "[SPI-05] currentProcess().name() in the child");
            assertEquals(Long.toString(p.pid().orElseThrow()), kit.awaitValue(log, "pid="), "[SPI-05]"
                    + " currentProcess().pid() in the child");
            assertEquals(Long.toString(ProcessHandle.current().pid()), kit.awaitValue(log, "parent="), "[SPI-05]"
                    + " parentProcess().pid() in the child");
            assertTrue(log.has("grandchild ran"), "[SPI-05] the child's context could not run a grandchild; events: "
                    + log.events());
            assertEquals(OptionalInt.of(0).toString(), kit.awaitValue(log, "grandchild exit="), "[SPI-05] exit code"
                    + " of the grandchild");
        } finally {
            Children.stop(p);
        }
    }

    /**
     * Every factory of an optional area either works or throws UnsupportedOperationException whose message starts
     * with the area in brackets; the process areas are always there.
     * <p>If this fails, check the messages of the provider's "not implemented" exceptions.
     */
    @Clause("SPI-06")
    @Test
    void spi06_missingAreaThrowsUnsupportedOperationNamingIt(MultiprocessingContext mp) throws Exception {
        Map<String, Callable<Object>> factories = new LinkedHashMap<>();
        factories.put("LOCK newLock()", mp::newLock);
        factories.put("LOCK newRLock()", mp::newRLock);
        factories.put("SEM newSemaphore(1)", () -> mp.newSemaphore(1));
        factories.put("SEM newBoundedSemaphore(1)", () -> mp.newBoundedSemaphore(1));
        factories.put("PIPE newPipe(true)", () -> mp.newPipe(true));
        factories.put("QUEUE newQueue()", mp::newQueue);
        factories.put("QUEUE newQueue(4)", () -> mp.newQueue(4));
        factories.put("QUEUE newJoinableQueue(4)", () -> mp.newJoinableQueue(4));
        factories.put("QUEUE newSimpleQueue()", mp::newSimpleQueue);
        factories.put("POOL newPool(processes(1))", () -> mp.newPool(PoolOptions.defaults().processes(1)));
        factories.put("MGR newManager()", mp::newManager);
        factories.put("MGR connectManager(address, authKey)", () -> connectToANewManager(mp));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Callable<Object>> f : factories.entrySet()) {
            String area = f.getKey().substring(0, f.getKey().indexOf(' '));
            String call = f.getKey().substring(area.length() + 1);
            try {
                release(f.getValue().call());
            } catch (UnsupportedOperationException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("[" + area + "]")) {
                    wrong.add(call + " threw UnsupportedOperationException(\"" + e.getMessage() + "\"), which does"
                            + " not start with [" + area + "]");
                }
            } catch (Exception e) {
                wrong.add(call + " threw " + e + "; expected a working object or UnsupportedOperationException"
                        + " starting with [" + area + "]");
            }
        }
        assertTrue(wrong.isEmpty(), "[SPI-06] " + String.join("; ", wrong));
        for (Map.Entry<String, Callable<Object>> f : Map.<String, Callable<Object>>of(
                "newProcess(...)", () -> mp.newProcess(args -> { }),
                "currentProcess()", mp::currentProcess,
                "parentProcess()", mp::parentProcess,
                "activeChildren()", mp::activeChildren,
                "cpuCount()", mp::cpuCount).entrySet()) {
            try {
                assertNotNull(f.getValue().call(), "[SPI-06] " + f.getKey() + " returned null");
            } catch (UnsupportedOperationException e) {
                fail("[SPI-06] " + f.getKey() + " threw " + e + "; the process areas cannot be left out");
            }
        }
    }

    /**
     * A child that started a daemonic and a non-daemonic grandchild and returned leaves nothing behind: within
     * 5 s its descendants have ended, and no entry of the temp directory or /dev/shm that names its pid or a
     * descendant's remains.
     * <p>If this fails, check that the exit sequence ends every process the context started and deletes the
     * context's files and directories, also in a child.
     */
    @Clause("SPI-07")
    @Test
    void spi07_childLeavesNoProcessesOrFilesBehind(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        Set<String> before = entries(tmp);
        before.addAll(entries(SHM));
        ChildProcess c = mp.newProcess(args -> {
            EventLog l = (EventLog) args[0];
            l.record("tmpdir=" + System.getProperty("java.io.tmpdir"));
            busyFamily(l, (Long) args[1], (Long) args[2]);
        }, log, Timeouts.LONG_SLEEP.toMillis(), TimeScale.millis(500).toMillis());
        Set<Long> pids = new HashSet<>();
        try {
            c.start();
            pids.add(c.pid().orElseThrow());
            pids.addAll(parsePids(kit.awaitValue(log, "descendants=")));
            c.join();
            assertEquals(tmp.toString(), kit.awaitValue(log, "tmpdir="), "[SPI-07] kit: the child's java.io.tmpdir"
                    + " differs from the kit's; its entries cannot be checked");
            assertLeavesNothing(pids, List.of(tmp, SHM), before, null, "a child whose run() returned");
        } finally {
            Children.stop(c);
            pids.forEach(Children::killPid);
        }
    }

    /**
     * A main process that started a daemonic and a non-daemonic child and returned from main() leaves nothing
     * behind: within 5 s its children have ended, its private java.io.tmpdir is empty, and no /dev/shm or /tmp
     * entry names its pid or a descendant's. Where the provider has locks and semaphores, the family shares one of
     * each, and the daemon still holds the lock when it is terminated.
     * <p>If this fails, check that the provider's shutdown hook ends every process it started, helpers included,
     * and deletes the context's files and directories.
     */
    @Clause("SPI-07")
    @Test
    void spi07_mainProcessLeavesNoProcessesOrFilesBehind(Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        Path privateTmp = Files.createDirectory(kit.file("tmp"));
        Path tmp = Paths.get("/tmp");
        Set<String> before = entries(tmp);
        before.addAll(entries(SHM));
        KitMainJvm main = KitMainJvm.start(kit, "spi07", List.of("-Djava.io.tmpdir=" + privateTmp), args -> {
            busyFamily((EventLog) args[0], (Long) args[1], (Long) args[2]);
        }, log, Timeouts.LONG_SLEEP.toMillis(), TimeScale.millis(500).toMillis());
        Set<Long> pids = new HashSet<>();
        try {
            pids.add(main.pid());
            pids.addAll(parsePids(kit.awaitValue(log, "descendants=")));
            assertEquals(0, main.await("SPI-07"), "[SPI-07] exit status of the main process; stderr: "
                    + main.stderr());
            assertLeavesNothing(pids, List.of(tmp, SHM), before, privateTmp, "a main process whose main() returned");
        } finally {
            main.destroy();
            pids.forEach(Children::killPid);
        }
    }

    /**
     * Misuse errors of the process API start with their clause ID in brackets and say more than the ID.
     * <p>If this fails, check the messages of the provider's IllegalStateExceptions.
     */
    @Clause("SPI-08")
    @Test
    void spi08_misuseErrorsStartWithTheirClauseId(MultiprocessingContext mp, Kit kit) throws Exception {
        EventLog log = kit.newEventLog();
        ChildProcess p = mp.newProcess(ChildTargets::runningThenSleep, log, Timeouts.LONG_SLEEP.toMillis());
        List<String> wrong = new ArrayList<>();
        try {
            misuse(wrong, "JOIN-02", "join() before start()", p::join);
            misuse(wrong, "PROC-21", "terminate() before start()", p::terminate);
            p.start();
            kit.awaitEvent(log, "running");
            misuse(wrong, "PROC-20", "start() twice", p::start);
            misuse(wrong, "DAEMON-02", "setDaemon(true) after start()", () -> p.setDaemon(true));
            misuse(wrong, "PROC-22", "close() while running", p::close);
        } finally {
            Children.stop(p);
        }
        assertTrue(wrong.isEmpty(), "[SPI-08] " + String.join("; ", wrong));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static final Path SHM = Paths.get("/dev/shm");

    /** A call that must be refused. */
    private interface Misuse {
        void run() throws Exception;
    }

    private static void misuse(List<String> wrong, String clause, String what, Misuse call) {
        try {
            call.run();
            wrong.add(what + " returned normally; expected an exception starting with [" + clause + "]");
        } catch (Exception e) {
            String m = e.getMessage();
            if (m == null || !m.startsWith("[" + clause + "]")) {
                wrong.add(what + " threw " + e + "; its message must start with [" + clause + "]");
            } else if (m.length() < clause.length() + 12) {
                wrong.add(what + " threw '" + m + "', which says no more than its clause ID");
            }
        }
    }

    /**
     * In a child or main process: starts a daemonic grandchild that sleeps {@code longMillis} and a non-daemonic
     * one that sleeps {@code shortMillis}, waits until both run, records every OS descendant's pid and returns.
     */
    static void busyFamily(EventLog log, long longMillis, long shortMillis) throws Exception {
        MultiprocessingContext ctx = Multiprocessing.context();
        SharedLock lock = null;
        SharedSemaphore semaphore = null;
        try {
            lock = ctx.newLock(); // shared state, where the provider keeps it, that must not outlive the run either
            semaphore = ctx.newSemaphore(0);
        } catch (UnsupportedOperationException notImplemented) {
            // a provider without LOCK or SEM (SPI-06): processes only
        }
        ctx.newProcess(ProcessOptions.defaults().daemon(true), a -> {
            if (a[2] != null) {
                ((SharedLock) a[2]).acquire(); // held when the daemon is terminated
            }
            ((EventLog) a[0]).record("daemon running");
            ChildWork.sleep((Long) a[1]);
        }, log, longMillis, lock).start();
        ctx.newProcess(a -> {
            if (a[2] != null) {
                ((SharedSemaphore) a[2]).release();
            }
            ((EventLog) a[0]).record("worker running");
            ChildWork.sleep((Long) a[1]);
        }, log, shortMillis, semaphore).start();
        ChildWork.pollUntil(() -> log.has("daemon running") && log.has("worker running"),
                Timeouts.MUST_HAPPEN.toMillis());
        log.record("descendants=" + ProcessHandle.current().descendants().map(h -> Long.toString(h.pid()))
                .collect(Collectors.joining(",")));
    }

    private static Set<Long> parsePids(String list) {
        return Arrays.stream(list.split(",")).filter(s -> !s.isBlank()).map(Long::parseLong)
                .collect(Collectors.toSet());
    }

    /**
     * Waits at most 5 s × s until none of {@code pids} runs, no new entry of {@code dirs} names one of them, and
     * {@code privateDir} (if any) is empty; fails with what is left otherwise.
     */
    private static void assertLeavesNothing(Set<Long> pids, List<Path> dirs, Set<String> before, Path privateDir,
            String who) {
        List<Pattern> named = pids.stream().map(p -> Pattern.compile("(^|\\D)" + p + "(\\D|$)"))
                .collect(Collectors.toList());
        Supplier<List<String>> leftovers = () -> {
            List<String> left = new ArrayList<>();
            for (long pid : pids) {
                if (ProcessTree.isAlive(pid)) {
                    left.add("process " + pid + " " + ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
                            .map(c -> c.length() > 200 ? c.substring(0, 200) + "…" : c).orElse(""));
                }
            }
            for (Path dir : dirs) {
                for (String e : entries(dir)) {
                    String name = Paths.get(e).getFileName().toString();
                    if (!before.contains(e) && !isJvmAttachFile(name)
                            && named.stream().anyMatch(p -> p.matcher(name).find())) {
                        left.add(e);
                    }
                }
            }
            if (privateDir != null) {
                left.addAll(entries(privateDir));
            }
            return left;
        };
        try {
            Timeouts.eventually("SPI-07 everything " + who + " started or created is gone")
                    .atMost(TimeScale.seconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> leftovers.get().isEmpty());
        } catch (ConditionTimeoutException e) {
            fail("[SPI-07] " + TimeScale.seconds(5) + " after " + who + ", its processes and files remain: "
                    + leftovers.get());
        }
    }

    /**
     * The JVM's own attach-mechanism files ({@code .java_pid<pid>}, {@code .attach_pid<pid>}): the JVM creates them
     * when a tool such as jcmd attaches, not the context, and a JVM that halts during the attach handshake can
     * leave one behind.
     */
    private static boolean isJvmAttachFile(String name) {
        return name.startsWith(".java_pid") || name.startsWith(".attach_pid");
    }

    private static Set<String> entries(Path dir) {
        Set<String> r = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return r;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(p -> r.add(p.toString()));
        } catch (IOException | SecurityException e) {
            // unreadable: nothing we can check
        }
        return r;
    }

    /**
     * SPI-06: connectManager(address(), authKey()) of a new manager, as one object whose close() drops the
     * connection and shuts the manager down; where newManager() is not implemented, connectManager() of an address
     * that names nothing, which must then throw UnsupportedOperationException naming MGR as well.
     */
    private static AutoCloseable connectToANewManager(MultiprocessingContext mp) {
        SyncManager manager;
        try {
            manager = mp.newManager();
        } catch (UnsupportedOperationException notImplemented) {
            return mp.connectManager(Paths.get(System.getProperty("java.io.tmpdir"), "mpkit-spi06-no-manager")
                    .toString(), new byte[32]);
        }
        try {
            SyncManager connected = mp.connectManager(manager.address(), manager.authKey());
            return () -> {
                try {
                    connected.close();
                } finally {
                    manager.shutdown();
                }
            };
        } catch (RuntimeException e) {
            manager.shutdown();
            throw e;
        }
    }

    private static void release(Object o) throws Exception {
        if (o instanceof AutoCloseable) {
            ((AutoCloseable) o).close();
        } else if (o instanceof Pipe) {
            closeQuietly(((Pipe) o).left());
            closeQuietly(((Pipe) o).right());
        } else if (o instanceof SharedQueue) {
            ((SharedQueue<?>) o).close();
        } else if (o instanceof SimpleQueue) {
            ((SimpleQueue<?>) o).close();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    /** SPI-04: a ProcessTarget that is a class of the kit, not a lambda. */
    static final class KitTarget implements ProcessTarget {
        private static final long serialVersionUID = 1L;

        @Override
        public void run(Object... args) {
            Parcel parcel = (Parcel) args[1];
            ((EventLog) args[0]).record("target=" + getClass().getName() + " got " + parcel.name + "/"
                    + parcel.label.colour);
        }
    }

    /** SPI-04: an argument class of the kit that references another. */
    static final class Parcel implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        final Label label;

        Parcel(String name, Label label) {
            this.name = name;
            this.label = label;
        }

        static final class Label implements Serializable {
            private static final long serialVersionUID = 1L;
            final String colour;

            Label(String colour) {
                this.colour = colour;
            }
        }
    }

    /** SPI-04: a ChildProcess subclass of the kit. */
    static final class KitChild extends ChildProcess {
        private static final long serialVersionUID = 1L;
        private final EventLog log;

        KitChild(MultiprocessingContext mp, EventLog log) {
            super(mp);
            this.log = log;
        }

        @Override
        public void run() {
            log.record("subclass=" + getClass().getName());
        }
    }
}
