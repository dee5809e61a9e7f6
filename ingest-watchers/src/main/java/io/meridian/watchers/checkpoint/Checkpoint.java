package io.meridian.watchers.checkpoint;

import java.io.BufferedReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * file, then rename), so a crash leaves either the old or the new checkpoint, never a torn one. (A hash
 * map was tried: the watcher thread spent as much per file in it, 2.0-2.4 us with publishing, and it
 * has no key ranges.)
 *
 * <p>Contract: save only after the events it describes were acknowledged; then a restart publishes
 * at most what was in flight again, never less. Logical paths hold no tab or newline
 * (LogicalPath refuses control characters), which is what makes the line format safe.
 *
 * <p>Format v1 (before fingerprints were numbers) is read with every state {@link Fingerprint#UNKNOWN}:
 * each file is published once more, and deletes while Meridian was stopped are still found.
 *
 * <p>Not thread-safe: the watcher thread that owns its ChangeTracker is the only one that uses it.
 */
public final class Checkpoint {
    private static final String HEADER = "meridian-checkpoint v2";
    private static final String HEADER_V1 = "meridian-checkpoint v1";

    /** A published state, and the last sweep (scan or listing) that saw it. */
    private record Entry(long fingerprint, long sweep) {
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
            boolean v1 = HEADER_V1.equals(header);
            if (!v1 && !HEADER.equals(header)) {
                throw new IllegalStateException("checkpoint " + file + " is not a Meridian checkpoint (first line '"
                        + header + "'); delete it to rescan and republish the silo");
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    long fingerprint = v1 ? Fingerprint.UNKNOWN : Long.parseUnsignedLong(line.substring(tab + 1), 16);
                    state.put(line.substring(0, tab), new Entry(fingerprint, 0));
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
            // Bytes, not a Writer: the save is on the path from a scan to "checkpointed", and a Writer's
            // per-char encoding took 50 ms for 200,000 paths.
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 18)) {
                out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
                byte[] hex = new byte[17];
                for (Map.Entry<String, Entry> entry : state.entrySet()) {
                    out.write(entry.getKey().getBytes(StandardCharsets.UTF_8));
                    out.write('\t');
                    int from = hex(entry.getValue().fingerprint(), hex);
                    out.write(hex, from, hex.length - from);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** Writes {@code value} as unsigned hex and a newline at the end of {@code out}; returns where it starts. */
    private static int hex(long value, byte[] out) {
        int at = out.length - 1;
        out[at] = '\n';
        do {
            out[--at] = (byte) Character.forDigit((int) (value & 0xF), 16);
            value >>>= 4;
        } while (value != 0);
        return at;
    }

    /** Whether {@code path} was published as present. */
    public boolean contains(String path) {
        return state.containsKey(path);
    }

    /**
     * Records {@code fingerprint} as the state of {@code path}, seen by sweep {@code sweep}; returns the
     * previous fingerprint ({@link Fingerprint#NONE} when new). One map operation, since a scan calls it for every file.
     */
    public long record(String path, long fingerprint, long sweep) {
        Entry previous = state.put(path, new Entry(fingerprint, sweep));
        return previous == null ? Fingerprint.NONE : previous.fingerprint();
    }

    public void remove(String path) {
        state.remove(path);
    }

    public int size() {
        return state.size();
    }

    /** Paths under {@code prefix} (as in {@link #pathsUnder}) that sweep {@code sweep} did not see and that match {@code filter}, in path order. */
    public List<String> unseen(String prefix, long sweep, Predicate<String> filter) {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, Entry> entry : under(prefix).entrySet()) {
            if (entry.getValue().sweep() != sweep && filter.test(entry.getKey())) {
                paths.add(entry.getKey());
            }
        }
        return paths;
    }

    /** Paths equal to {@code prefix} or starting with it (use a prefix ending in '/' for a directory), that match {@code filter}, in path order. */
    public List<String> pathsUnder(String prefix, Predicate<String> filter) {
        List<String> paths = new ArrayList<>();
        for (String path : under(prefix).keySet()) {
            if (filter.test(path)) {
                paths.add(path);
            }
        }
        return paths;
    }

    private NavigableMap<String, Entry> under(String prefix) {
        return state.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }
}
