package io.meridian.watchers.checkpoint;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The last published state of every file of one silo: logical path → {@link Fingerprint}, sorted so
 * that a subtree is a key range. Kept in a local file that is replaced atomically (write a temporary
 * file, then rename), so a crash leaves either the old or the new checkpoint, never a torn one.
 *
 * <p>Contract: save only after the events it describes were acknowledged; then a restart publishes
 * at most what was in flight again, never less. Logical paths hold no tab or newline
 * (LogicalPath refuses control characters), which is what makes the line format safe.
 *
 * <p>Not thread-safe: the watcher thread that owns its ChangeTracker is the only one that uses it (a
 * plain sorted map costs half of a concurrent one on a scan's hot path).
 */
public final class Checkpoint {
    private static final String HEADER = "meridian-checkpoint v1";

    /** A published state, and the last sweep (scan or listing) that saw it. */
    private record Entry(String fingerprint, long sweep) {
    }

    private final Path file;
    private final NavigableMap<String, Entry> state = new TreeMap<>();

    private Checkpoint(Path file) {
        this.file = file;
    }

    /** Loads the checkpoint in {@code file}, or an empty one when the file does not exist yet. */
    public static Checkpoint load(Path file) {
        Checkpoint checkpoint = new Checkpoint(file);
        if (Files.exists(file)) {
            checkpoint.read();
        }
        return checkpoint;
    }

    private void read() {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalStateException("checkpoint " + file + " is not a Meridian checkpoint (first line '"
                        + header + "'); delete it to rescan and republish the silo");
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    state.put(line.substring(0, tab), new Entry(line.substring(tab + 1), 0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    /** Writes the checkpoint atomically. */
    public void save() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.newLine();
                for (Map.Entry<String, Entry> entry : state.entrySet()) {
                    out.write(entry.getKey());
                    out.write('\t');
                    out.write(entry.getValue().fingerprint());
                    out.newLine();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    public String get(String path) {
        Entry entry = state.get(path);
        return entry == null ? null : entry.fingerprint();
    }

    public void put(String path, String fingerprint) {
        state.put(path, new Entry(fingerprint, 0));
    }

    /**
     * Records {@code fingerprint} as the state of {@code path}, seen by sweep {@code sweep}; returns the
     * previous fingerprint (null when new). One map operation, since a scan calls it for every file.
     */
    public String record(String path, String fingerprint, long sweep) {
        Entry previous = state.put(path, new Entry(fingerprint, sweep));
        return previous == null ? null : previous.fingerprint();
    }

    public void remove(String path) {
        state.remove(path);
    }

    public int size() {
        return state.size();
    }

    /** Paths under {@code prefix} (as in {@link #pathsUnder}) that sweep {@code sweep} did not see and that match {@code filter}. */
    public List<String> unseen(String prefix, long sweep, Predicate<String> filter) {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, Entry> entry : state.subMap(prefix, true, prefix + Character.MAX_VALUE, false).entrySet()) {
            if (entry.getValue().sweep() != sweep && filter.test(entry.getKey())) {
                paths.add(entry.getKey());
            }
        }
        return paths;
    }

    /** Paths equal to {@code prefix} or starting with it (use a prefix ending in '/' for a directory), that match {@code filter}. */
    public List<String> pathsUnder(String prefix, Predicate<String> filter) {
        List<String> paths = new ArrayList<>();
        for (String path : state.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet()) {
            if (filter.test(path)) {
                paths.add(path);
            }
        }
        return paths;
    }
}
