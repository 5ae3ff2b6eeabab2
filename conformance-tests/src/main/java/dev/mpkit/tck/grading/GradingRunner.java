package dev.mpkit.tck.grading;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.mpkit.Multiprocessing;
import dev.mpkit.spi.MultiprocessingProvider;
import dev.mpkit.tck.support.KitSession;
import dev.mpkit.tck.support.ProcessTree;
import dev.mpkit.tck.support.TimeScale;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs the kit against a provider and grades it clause by clause: {@code ./mpkit run}.
 *
 * <pre>
 *   ./mpkit run [--provider CLASS] [--classpath PATH] [--clauses GLOB[,GLOB…]] [--report DIR] [--repeat N]
 * </pre>
 *
 * Prints a table by area and clause and ends with {@code N passed, N failed}; exits 0 if and only if every
 * selected MUST clause passed every time.
 */
public final class GradingRunner {

    /** The kit's test classes: {@code dev.mpkit.tck..*ClauseTests}. */
    public static final String KIT_PACKAGE = "dev.mpkit.tck";
    public static final String KIT_CLASSES = ".*ClauseTests";

    /** Parsed command line. */
    public static final class Options {
        public String provider;
        public List<String> clauseGlobs = new ArrayList<>();
        public Path report;
        public int repeat = 1;
        public String classpathNote;
        public boolean quiet;
        public PrintStream out = System.out;

        public static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "run":
                        break;
                    case "--provider":
                        o.provider = value(args, ++i, a);
                        break;
                    case "--clauses":
                        for (String g : value(args, ++i, a).split(",")) {
                            if (!g.isBlank()) {
                                o.clauseGlobs.add(g.strip());
                            }
                        }
                        break;
                    case "--report":
                        o.report = Paths.get(value(args, ++i, a));
                        break;
                    case "--repeat":
                        o.repeat = Integer.parseInt(value(args, ++i, a));
                        if (o.repeat < 1) {
                            throw new IllegalArgumentException("--repeat must be >= 1, was " + o.repeat);
                        }
                        break;
                    case "--classpath":
                        o.classpathNote = value(args, ++i, a); // the script has put it on the class path
                        break;
                    case "--quiet":
                        o.quiet = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + a + "'; usage: mpkit run [--provider"
                                + " CLASS] [--classpath PATH] [--clauses GLOB] [--report DIR] [--repeat N]");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /** The result of a run. */
    public static final class Grade {
        public final String providerId;
        public final List<ClauseOutcome> outcomes;
        public final int expectedTests;
        public final int finishedTests;
        public final int repeat;

        Grade(String providerId, List<ClauseOutcome> outcomes, int expectedTests, int finishedTests, int repeat) {
            this.providerId = providerId;
            this.outcomes = outcomes;
            this.expectedTests = expectedTests;
            this.finishedTests = finishedTests;
            this.repeat = repeat;
        }

        public long count(Verdict v) {
            return outcomes.stream().filter(o -> o.verdict() == v).count();
        }

        /** Whether nothing was silently skipped: every discovered clause test reported, every repeat. */
        public boolean complete() {
            return finishedTests == expectedTests * repeat;
        }

        /** 0 if and only if every selected MUST clause passed and every test ran. */
        public int exitCode() {
            boolean mustOk = outcomes.stream().filter(o -> o.clause.isMust()).allMatch(o -> o.verdict() == Verdict.PASS);
            return mustOk && complete() && expectedTests > 0 ? 0 : 1;
        }

        public Optional<ClauseOutcome> outcome(String id) {
            return outcomes.stream().filter(o -> o.clause.id.equals(id)).findFirst();
        }
    }

    private GradingRunner() {}

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mpkit: " + e.getMessage());
            System.exit(2);
            return;
        }
        Grade g = run(o);
        System.out.flush();
        System.exit(g.exitCode());
    }

    /** Runs the kit as the options say and prints the table. */
    public static Grade run(Options o) {
        if (o.provider != null) {
            System.setProperty(Multiprocessing.PROVIDER_PROPERTY, o.provider);
        }
        MultiprocessingProvider provider = Multiprocessing.provider();
        ClauseRegistry registry = ClauseRegistry.load();
        List<Pattern> globs = new ArrayList<>();
        for (String g : o.clauseGlobs) {
            globs.add(globToRegex(g));
        }
        KitSession.get();

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(KIT_PACKAGE))
                .filters(includeClassNamePatterns(KIT_CLASSES), clauseFilter(globs))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request);
        AtomicInteger expected = new AtomicInteger();
        for (TestIdentifier root : plan.getRoots()) {
            countTests(plan, root, expected);
        }

        Map<String, ClauseOutcome> outcomes = new LinkedHashMap<>();
        GradingListener listener = new GradingListener(registry, outcomes);
        for (int r = 0; r < o.repeat; r++) {
            List<org.junit.platform.launcher.TestExecutionListener> ls = new ArrayList<>();
            ls.add(listener);
            ls.add(new ProgressListener(o.quiet ? null : o.out, r + 1, o.repeat));
            if (o.report != null) {
                Path junit = o.report.resolve("junit").resolve(o.repeat > 1 ? "run-" + (r + 1) : ".");
                mkdirs(junit);
                ls.add(new LegacyXmlReportGeneratingListener(junit.normalize(),
                        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
            }
            launcher.execute(launcher.discover(request),
                    ls.toArray(new org.junit.platform.launcher.TestExecutionListener[0]));
        }
        ProcessTree.killAll(ProcessTree.runProcesses(KitSession.get().excluded()));

        List<ClauseOutcome> all = new ArrayList<>();
        for (ClauseRegistry.ClauseInfo c : registry.all()) {
            if (!globs.isEmpty() && globs.stream().noneMatch(p -> p.matcher(c.id).matches())) {
                continue;
            }
            all.add(outcomes.getOrDefault(c.id, new ClauseOutcome(c)));
        }
        Grade grade = new Grade(provider.id(), all, expected.get(), listener.finishedClauseTests, o.repeat);
        Table.print(o.out, grade, o);
        if (o.report != null) {
            ReportJson.write(o.report.resolve("report.json"), grade, o);
            o.out.println("report: " + o.report.resolve("report.json") + " and " + o.report.resolve("junit"));
        }
        o.out.printf(Locale.ROOT, "%d passed, %d failed%n", grade.count(Verdict.PASS), grade.count(Verdict.FAIL));
        return grade;
    }

    static String replayCommand(ClauseOutcome c, Options o) {
        StringBuilder b = new StringBuilder("./mpkit run --clauses '").append(c.clause.id).append("'");
        if (o.provider != null) {
            b.append(" --provider '").append(o.provider).append("'");
        }
        if (o.classpathNote != null) {
            b.append(" --classpath '").append(o.classpathNote).append("'");
        }
        if (c.seed() != null) {
            b.append(" # jqwik seed ").append(c.seed()).append(": add @Property(seed = \"").append(c.seed())
                    .append("\") to replay the same tries");
        }
        if (TimeScale.factor() != 1.0) {
            b.insert(0, "MPKIT_TIME_SCALE=" + TimeScale.factor() + " ");
        }
        return b.toString();
    }

    private static void countTests(TestPlan plan, TestIdentifier id, AtomicInteger n) {
        if (id.isTest() && GradingListener.clauseOf(id).isPresent()) {
            n.incrementAndGet();
        }
        for (TestIdentifier c : plan.getChildren(id)) {
            countTests(plan, c, n);
        }
    }

    private static PostDiscoveryFilter clauseFilter(List<Pattern> globs) {
        return descriptor -> {
            if (globs.isEmpty() || !isMethod(descriptor)) {
                return FilterResult.included("no clause filter");
            }
            Optional<String> clause = descriptor.getSource().flatMap(GradingListener::clauseOf);
            boolean in = clause.isPresent() && globs.stream().anyMatch(p -> p.matcher(clause.get()).matches());
            return in ? FilterResult.included("clause selected") : FilterResult.excluded("clause not selected");
        };
    }

    private static boolean isMethod(TestDescriptor d) {
        return d.getSource().filter(s -> s instanceof MethodSource).isPresent();
    }

    /** {@code JOIN-*} → {@code JOIN-.*}; matching is on the whole ID. */
    static Pattern globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*') {
                b.append(".*");
            } else if (ch == '?') {
                b.append('.');
            } else {
                b.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(b.toString());
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
