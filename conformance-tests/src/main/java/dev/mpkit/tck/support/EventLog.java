package dev.mpkit.tck.support;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The channel the kit owns for observing children: an append-only file of {@code nanos pid text} lines, one
 * write per event. It never goes through the primitive under test, so a broken queue cannot hide a broken lock.
 *
 * <p>Timestamps are {@link System#nanoTime()}, which on Linux is the system-wide monotonic clock, so events of
 * different JVMs can be ordered and their intervals compared.
 */
public final class EventLog implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One recorded event. */
    public static final class Event {
        public final long nanos;
        public final long pid;
        public final String text;

        Event(long nanos, long pid, String text) {
            this.nanos = nanos;
            this.pid = pid;
            this.text = text;
        }

        @Override
        public String toString() {
            return nanos + " " + pid + " " + text;
        }
    }

    private final String path;

    EventLog(Path path) {
        this.path = path.toString();
    }

    /** Records {@code text} (one line, no newline) with the current time and pid; callable in any process. */
    public void record(String text) {
        String line = System.nanoTime() + " " + ProcessHandle.current().pid() + " " + text.replace('\n', ' ') + "\n";
        try (FileChannel ch = FileChannel.open(Paths.get(path), StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                StandardOpenOption.CREATE)) {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kit event log " + path + " not writable", e);
        }
    }

    /** Every complete event so far, in file order. */
    public List<Event> events() {
        List<Event> r = new ArrayList<>();
        String all;
        try {
            all = Files.exists(Paths.get(path)) ? Files.readString(Paths.get(path)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = all.lastIndexOf('\n');
        if (end < 0) {
            return r;
        }
        for (String line : all.substring(0, end).split("\n")) {
            String[] p = line.split(" ", 3);
            if (p.length == 3) {
                r.add(new Event(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2]));
            }
        }
        return r;
    }

    /** The first event whose text equals {@code text}. */
    public Optional<Event> find(String text) {
        return events().stream().filter(e -> e.text.equals(text)).findFirst();
    }

    /** Every event whose text starts with {@code prefix}. */
    public List<Event> startingWith(String prefix) {
        return events().stream().filter(e -> e.text.startsWith(prefix)).collect(Collectors.toList());
    }

    /** Whether an event with exactly this text was recorded. */
    public boolean has(String text) {
        return find(text).isPresent();
    }

    /** The text of the first event starting with {@code prefix}, without the prefix. */
    public Optional<String> valueOf(String prefix) {
        return startingWith(prefix).stream().findFirst().map(e -> e.text.substring(prefix.length()));
    }

    /**
     * Every "key=value" field of a recorded text, as a child writes its measurements: the fields of
     * {@code "stopped after=1200 status=false"} are after=1200 and status=false; a word without '=' is skipped, and
     * of a key given twice the last value counts.
     */
    public static Map<String, String> fields(String text) {
        Map<String, String> r = new HashMap<>();
        for (String part : text.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                r.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return "EventLog[" + path + "] " + events();
    }
}
