package dev.mpkit.tck.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clauses of the written spec, read from {@code META-INF/mpkit/clauses/*.md} in the spec jar: the single
 * source of each clause's level and title.
 */
public final class ClauseRegistry {

    /** Where the spec jar carries the clause files. */
    public static final String RESOURCE_DIR = "META-INF/mpkit/clauses/";

    private static final Pattern HEADING =
            Pattern.compile("^### ([A-Z]+)-(\\d{2}) \u00b7 (MUST|SHOULD|MAY) \u00b7 (.+)$");

    /** One clause of the spec. */
    public static final class ClauseInfo {
        public final String id;
        public final String area;
        public final String level;
        public final String title;
        public final String file;

        ClauseInfo(String id, String area, String level, String title, String file) {
            this.id = id;
            this.area = area;
            this.level = level;
            this.title = title;
            this.file = file;
        }

        public boolean isMust() {
            return "MUST".equals(level);
        }
    }

    private final Map<String, ClauseInfo> clauses;

    private ClauseRegistry(Map<String, ClauseInfo> clauses) {
        this.clauses = clauses;
    }

    /** Reads every clause file on the class path. */
    public static ClauseRegistry load() {
        Map<String, String> files = new TreeMap<>();
        try {
            Enumeration<URL> roots = ClauseRegistry.class.getClassLoader().getResources(RESOURCE_DIR);
            while (roots.hasMoreElements()) {
                read(roots.nextElement(), files);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the clause files", e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no clause files found at " + RESOURCE_DIR + " on the class path; is the"
                    + " mpkit-spec jar on it?");
        }
        return parse(files);
    }

    /** Parses clause files given as name to text. */
    public static ClauseRegistry parse(Map<String, String> files) {
        Map<String, ClauseInfo> r = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            for (String line : f.getValue().split("\n")) {
                Matcher m = HEADING.matcher(line.stripTrailing());
                if (m.matches()) {
                    String id = m.group(1) + "-" + m.group(2);
                    if (r.containsKey(id)) {
                        throw new IllegalStateException("clause " + id + " is defined twice (" + r.get(id).file
                                + ", " + f.getKey() + ")");
                    }
                    r.put(id, new ClauseInfo(id, m.group(1), m.group(3), m.group(4).strip(), f.getKey()));
                } else if (line.startsWith("### ") && line.matches("^### [A-Z]+-\\d+.*")) {
                    throw new IllegalStateException("malformed clause heading in " + f.getKey() + ": " + line);
                }
            }
        }
        return new ClauseRegistry(Collections.unmodifiableMap(r));
    }

    public Optional<ClauseInfo> find(String id) {
        return Optional.ofNullable(clauses.get(id));
    }

    /** Every clause, in spec order (file name, then position). */
    public List<ClauseInfo> all() {
        return new ArrayList<>(clauses.values());
    }

    private static void read(URL root, Map<String, String> files) throws IOException {
        if ("jar".equals(root.getProtocol())) {
            JarURLConnection c = (JarURLConnection) root.openConnection();
            c.setUseCaches(false);
            try (JarFile jar = c.getJarFile()) {
                Enumeration<JarEntry> es = jar.entries();
                while (es.hasMoreElements()) {
                    JarEntry e = es.nextElement();
                    if (e.getName().startsWith(RESOURCE_DIR) && e.getName().endsWith(".md")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            files.putIfAbsent(e.getName().substring(RESOURCE_DIR.length()),
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        } else if ("file".equals(root.getProtocol())) {
            Path dir;
            try {
                dir = Paths.get(root.toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.md")) {
                for (Path p : ds) {
                    files.putIfAbsent(p.getFileName().toString(), Files.readString(p));
                }
            }
        }
    }
}
