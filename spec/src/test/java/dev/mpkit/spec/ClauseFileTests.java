package dev.mpkit.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The written clauses in {@code clauses/*.md} keep the format that {@code 00-conventions.md} sets, and their
 * CPython probes in {@code cpython/} exist and belong to them.
 *
 * <p>If this fails, the message lists every offending line as {@code file:line: problem}.
 */
class ClauseFileTests {

    static final Path CLAUSES = Paths.get("clauses");
    static final Path PROBES = Paths.get("cpython");

    static final Pattern HEADING = Pattern.compile("^### ([A-Z]+)-(\\d{2}) · (MUST|SHOULD|MAY) · .+$");
    static final Pattern AREA_LINE = Pattern.compile("^Area: ([A-Z]+)$");
    static final Pattern PROBE_REFERENCE = Pattern.compile("spec/cpython/([A-Za-z0-9_-]+)\\.py");
    static final Pattern PROBE_FILE = Pattern.compile("^([A-Z]+-\\d{2})\\.py$");
    static final String CONVENTIONS = "00-conventions.md";
    static final String NO_CLAUSES_YET = "No clauses yet: they arrive with the issue that implements this area.";
    static final Set<String> PROCESS_AREAS = Set.of("PROC", "DAEMON", "JOIN", "ISO");

    static List<AreaFile> files;
    static List<Clause> clauses;

    @BeforeAll
    static void readClauseFiles() throws IOException {
        try (Stream<Path> paths = Files.list(CLAUSES)) {
            files = paths.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .map(AreaFile::read)
                    .collect(Collectors.toList());
        }
        clauses = files.stream().flatMap(f -> f.clauses.stream()).collect(Collectors.toList());
        assertFalse(files.isEmpty(), "no *.md files in " + CLAUSES.toAbsolutePath());
    }

    @Test
    void everyClauseHeadingFollowsTheFormat() {
        List<String> problems = new ArrayList<>();
        for (AreaFile f : files) {
            for (int i = 0; i < f.lines.size(); i++) {
                String line = f.lines.get(i);
                if (line.startsWith("###") && !HEADING.matcher(line).matches()) {
                    problems.add(f.at(i) + "heading is not '### AREA-NN · MUST|SHOULD|MAY · title': " + line);
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void clauseIdsAreUnique() {
        Map<String, List<Clause>> byId = clauses.stream().collect(Collectors.groupingBy(c -> c.id));
        List<String> problems = byId.values().stream()
                .filter(same -> same.size() > 1)
                .map(same -> same.stream().map(c -> c.where()).collect(Collectors.joining(", "))
                        + "the same ID " + same.get(0).id + " is used more than once")
                .collect(Collectors.toList());
        assertNoProblems(problems);
    }

    @Test
    void everyAreaFileDeclaresOneAreaAndItsClausesCarryThatPrefix() {
        List<String> problems = new ArrayList<>();
        for (AreaFile f : files) {
            if (f.name.equals(CONVENTIONS)) {
                if (!f.clauses.isEmpty() || f.area != null) {
                    problems.add(f.name + ": the conventions file holds no clauses and no Area line");
                }
                continue;
            }
            if (f.area == null) {
                problems.add(f.name + ": no line 'Area: PREFIX'");
                continue;
            }
            for (Clause c : f.clauses) {
                if (!c.area.equals(f.area)) {
                    problems.add(c.where() + c.id + " is in the file of area " + f.area);
                }
            }
        }
        Map<String, List<String>> filesByArea = files.stream().filter(f -> f.area != null)
                .collect(Collectors.groupingBy(f -> f.area, Collectors.mapping(f -> f.name, Collectors.toList())));
        filesByArea.forEach((area, names) -> {
            if (names.size() > 1) {
                problems.add(names + ": area " + area + " is declared by more than one file");
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void areaFilesWithoutClausesSayThatTheyAreToCome() {
        List<String> problems = new ArrayList<>();
        for (AreaFile f : files) {
            if (f.area != null && f.clauses.isEmpty() && !f.lines.contains(NO_CLAUSES_YET)) {
                problems.add(f.name + ": no clauses and no line '" + NO_CLAUSES_YET + "'");
            }
            if (!f.lines.isEmpty() && !f.lines.get(0).startsWith("# ")) {
                problems.add(f.at(0) + "the file does not start with a '# Title'");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void everyClauseStatesItsLevelAndHasAnIntent() {
        List<String> problems = new ArrayList<>();
        for (Clause c : clauses) {
            String statement = c.paragraphs.isEmpty() ? "" : c.paragraphs.get(0);
            if (statement.isEmpty() || statement.startsWith(">") || startsWithLabel(statement)) {
                problems.add(c.where() + c.id + " has no statement right after its heading");
            } else if (!statement.contains(c.level)) {
                problems.add(c.where() + c.id + " is " + c.level + " but its statement does not say " + c.level);
            }
            if (c.paragraphs.stream().noneMatch(p -> p.startsWith("> Intent: "))) {
                problems.add(c.where() + c.id + " has no '> Intent:' line");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void everyClauseRecordsCpythonBehaviourOrAJvmAdaptation() {
        List<String> problems = clauses.stream()
                .filter(c -> c.paragraph("CPython:") == null && c.paragraph("JVM adaptation:") == null)
                .map(c -> c.where() + c.id + " has neither a 'CPython:' nor a 'JVM adaptation:' line")
                .collect(Collectors.toList());
        assertNoProblems(problems);
    }

    @Test
    void probesNamedByClausesExistAndCarryTheClauseId() {
        List<String> problems = new ArrayList<>();
        for (Clause c : clauses) {
            for (String paragraph : c.paragraphs) {
                Matcher m = PROBE_REFERENCE.matcher(paragraph);
                while (m.find()) {
                    String probe = m.group(1);
                    if (!paragraph.startsWith("CPython:")) {
                        problems.add(c.where() + c.id + " names probe " + m.group() + " outside its 'CPython:' line");
                    } else if (!probe.equals(c.id)) {
                        problems.add(c.where() + c.id + " names probe " + m.group() + "; its probe is spec/cpython/"
                                + c.id + ".py");
                    } else if (!Files.isRegularFile(PROBES.resolve(probe + ".py"))) {
                        problems.add(c.where() + c.id + " names " + m.group() + ", which does not exist");
                    }
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void everyProbeBelongsToAClauseThatNamesIt() throws IOException {
        Map<String, Clause> byId = clauses.stream().collect(Collectors.toMap(c -> c.id, Function.identity(), (a, b) -> a));
        List<String> problems = new ArrayList<>();
        for (String probe : probeFileNames()) {
            Matcher m = PROBE_FILE.matcher(probe);
            if (!m.matches()) {
                problems.add("cpython/" + probe + ": a probe is named after its clause, AREA-NN.py");
                continue;
            }
            Clause c = byId.get(m.group(1));
            String cpython = c == null ? null : c.paragraph("CPython:");
            if (c == null) {
                problems.add("cpython/" + probe + ": there is no clause " + m.group(1));
            } else if (cpython == null || !cpython.contains("spec/cpython/" + probe)) {
                problems.add("cpython/" + probe + ": clause " + c.id + " does not name it on its 'CPython:' line");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void theProcessAreasHoldAtLeastFortyClauses() {
        long count = clauses.stream().filter(c -> PROCESS_AREAS.contains(c.area)).count();
        assertTrue(count >= 40, "PROC + DAEMON + JOIN + ISO hold " + count + " clauses; expected at least 40");
    }

    @Test
    void clauseNumbersAreTwoDigitsAndStartAtOne() {
        Map<String, Set<Integer>> numbers = new HashMap<>();
        clauses.forEach(c -> numbers.computeIfAbsent(c.area, a -> new TreeSet<>()).add(c.number));
        numbers.forEach((area, used) -> assertTrue(used.contains(1), "area " + area + " has no clause " + area + "-01"));
        assertEquals(Set.of(), clauses.stream().filter(c -> c.number == 0).map(c -> c.id).collect(Collectors.toSet()),
                "clause numbers start at 01");
    }

    static Set<String> probeFileNames() throws IOException {
        if (!Files.isDirectory(PROBES)) {
            return Set.of();
        }
        try (Stream<Path> paths = Files.list(PROBES)) {
            return paths.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".py") && !n.startsWith("_"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static boolean startsWithLabel(String paragraph) {
        return paragraph.startsWith("CPython:") || paragraph.startsWith("JVM adaptation:") || paragraph.startsWith("Timing:");
    }

    static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> problems.size() + " problem(s) in " + CLAUSES + ":\n  "
                + String.join("\n  ", problems));
    }

    /** One {@code clauses/*.md} file: its lines, its declared area and its clauses. */
    static final class AreaFile {
        final String name;
        final List<String> lines;
        final String area;
        final List<Clause> clauses = new ArrayList<>();

        private AreaFile(String name, List<String> lines) {
            this.name = name;
            this.lines = lines;
            this.area = lines.stream().map(AREA_LINE::matcher).filter(Matcher::matches).map(m -> m.group(1))
                    .findFirst().orElse(null);
            Clause current = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = HEADING.matcher(line);
                if (m.matches()) {
                    current = new Clause(this, i, m.group(1), Integer.parseInt(m.group(2)), m.group(3));
                    clauses.add(current);
                } else if (line.startsWith("#")) {
                    current = null;
                } else if (current != null) {
                    current.add(line);
                }
            }
        }

        static AreaFile read(Path path) {
            try {
                return new AreaFile(path.getFileName().toString(), Files.readAllLines(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String at(int index) {
            return name + ":" + (index + 1) + ": ";
        }
    }

    /** One clause: its heading's parts and its body, split into paragraphs (lines joined by a space). */
    static final class Clause {
        final AreaFile file;
        final int index;
        final String area;
        final int number;
        final String id;
        final String level;
        final List<String> paragraphs = new ArrayList<>();
        private boolean inParagraph;

        Clause(AreaFile file, int index, String area, int number, String level) {
            this.file = file;
            this.index = index;
            this.area = area;
            this.number = number;
            this.id = String.format("%s-%02d", area, number);
            this.level = level;
        }

        void add(String line) {
            if (line.isBlank()) {
                inParagraph = false;
            } else if (inParagraph) {
                int last = paragraphs.size() - 1;
                paragraphs.set(last, paragraphs.get(last) + " " + line.strip());
            } else {
                paragraphs.add(line.strip());
                inParagraph = true;
            }
        }

        String paragraph(String label) {
            return paragraphs.stream().filter(p -> p.startsWith(label)).findFirst().orElse(null);
        }

        String where() {
            return file.at(index);
        }
    }
}
