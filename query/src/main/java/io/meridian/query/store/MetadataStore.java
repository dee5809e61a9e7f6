package io.meridian.query.store;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's full copy of the global metadata: files sorted by logical path (so a directory
 * subtree is one key range), silos, silo usage, staging status and the most recent moves.
 *
 * <p>Kept in memory (a {@link ConcurrentSkipListMap}) rather than in RocksDB: every API instance
 * rebuilds it from the compacted topics at start anyway, and queries read rows without
 * deserializing them, which is what keeps a filter over a million files under a second. The cost is
 * heap: roughly 1 KB per file.
 *
 * <p>Thread-safe: one writer (the materializer), any number of readers; a reader sees each row
 * either before or after a change, never half-way.
 */
public final class MetadataStore {
    /** Moves kept for the {@code moves} table; older ones are dropped first. */
    public static final int RECENT_MOVES = 10_000;

    private final ConcurrentSkipListMap<String, FileRow> files = new ConcurrentSkipListMap<>();
    private final Map<String, Silo> silos = new ConcurrentHashMap<>();
    private final Map<String, SiloUsage> usage = new ConcurrentHashMap<>();
    private final Map<String, StagingStatus> staging = new ConcurrentHashMap<>();
    private final RecentMoves moves = new RecentMoves(RECENT_MOVES);
    private final List<FileListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public void putFile(FileRecord record) {
        FileRow row = FileRow.of(record);
        files.put(row.path(), row);
        listeners.forEach(l -> l.changed(row.path(), row));
    }

    public void removeFile(String path) {
        if (files.remove(path) != null) {
            listeners.forEach(l -> l.changed(path, null));
        }
    }

    public Optional<FileRow> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public int fileCount() {
        return files.size();
    }

    /** Every file, in path order. */
    public Collection<FileRow> allFiles() {
        return files.values();
    }

    /** Files whose path is in [{@code from}, {@code to}); {@code to} null means no upper bound. */
    public Collection<FileRow> range(String from, String to) {
        NavigableMap<String, FileRow> view = to == null ? files.tailMap(from, true) : files.subMap(from, true, to, false);
        return view.values();
    }

    /** Files whose path starts with {@code prefix}, in path order. */
    public Collection<FileRow> withPrefix(String prefix) {
        return range(prefix, prefixEnd(prefix));
    }

    /**
     * The direct children of a directory, like {@code ls}: files directly in it and the names of its
     * subdirectories (ending in '/'), in order, at most {@code limit}. Skips over each subdirectory's
     * keys in one jump, so listing a directory costs its children, not its whole subtree.
     */
    public List<String> children(String directory, int limit) {
        List<String> out = new java.util.ArrayList<>();
        String end = prefixEnd(directory);
        String key = files.ceilingKey(directory);
        while (key != null && (end == null || key.compareTo(end) < 0) && out.size() < limit) {
            int slash = key.indexOf('/', directory.length());
            if (slash < 0) {
                out.add(key);
                key = files.higherKey(key);
            } else {
                String sub = key.substring(0, slash + 1);
                out.add(sub);
                String subEnd = prefixEnd(sub);
                key = subEnd == null ? null : files.ceilingKey(subEnd);
            }
        }
        return out;
    }

    /** The smallest string greater than every string that starts with {@code prefix}; null if none. */
    public static String prefixEnd(String prefix) {
        for (int i = prefix.length() - 1; i >= 0; i--) {
            char c = prefix.charAt(i);
            if (c != Character.MAX_VALUE) {
                return prefix.substring(0, i) + (char) (c + 1);
            }
        }
        return null;
    }

    /** Counts rows handed to queries; the push-down tests and {@code /metrics} read it. */
    public void countRowsRead(long n) {
        rowsRead.addAndGet(n);
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    /** Counts records the materializer could not use (undecodable, invalid key); {@code /metrics} reads it. */
    public void countSkipped() {
        skipped.incrementAndGet();
    }

    public long skipped() {
        return skipped.get();
    }

    /** Registers a listener; the returned handle removes it. */
    public AutoCloseable onFileChange(FileListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void putSilo(String id, Silo silo) {
        if (silo == null) {
            silos.remove(id);
        } else {
            silos.put(id, silo);
        }
    }

    public Collection<Silo> silos() {
        return silos.values();
    }

    public Optional<Silo> silo(String id) {
        return Optional.ofNullable(silos.get(id));
    }

    public void putUsage(String silo, SiloUsage value) {
        if (value == null) {
            usage.remove(silo);
        } else {
            usage.put(silo, value);
        }
    }

    public Optional<SiloUsage> usage(String silo) {
        return Optional.ofNullable(usage.get(silo));
    }

    public void putStaging(String requestId, StagingStatus status) {
        if (status == null) {
            staging.remove(requestId);
        } else {
            staging.put(requestId, status);
        }
    }

    public Collection<StagingStatus> staging() {
        return staging.values();
    }

    public void moveIssued(MoveCommand command) {
        moves.issued(command);
    }

    public void moveFinished(MoveResult result) {
        moves.finished(result);
    }

    public List<MoveRow> moves() {
        return moves.snapshot();
    }
}
