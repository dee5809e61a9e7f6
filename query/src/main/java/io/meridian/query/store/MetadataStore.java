package io.meridian.query.store;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's full copy of the global metadata: files sorted by logical path (so a directory
 * subtree is one key range), silos, silo usage, policies, staging requests and their status, the
 * tags set on directories, the most recent moves, reads (access events) and dead letters, and the files
 * placement gave up on (stuck; filled by whoever reads placement's changelog, see {@link #putStuck}).
 * {@link #version()} grows on every change of any of them, so
 * that a live view (the console's {@code GET /v1/changes}) can tell when to look again.
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
    /** Reads kept for the {@code accesses} table; older ones are dropped first. */
    public static final int RECENT_ACCESSES = 10_000;
    /** Dead letters kept for {@code GET /v1/overview}; older ones are dropped first. */
    public static final int RECENT_DEAD_LETTERS = 1_000;

    private final ConcurrentSkipListMap<String, FileRow> files = new ConcurrentSkipListMap<>();
    private final Map<String, Silo> silos = new ConcurrentHashMap<>();
    private final Map<String, SiloUsage> usage = new ConcurrentHashMap<>();
    private final Map<String, StagingStatus> staging = new ConcurrentHashMap<>();
    private final RecentMoves moves = new RecentMoves(RECENT_MOVES);
    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    private final Map<String, StagingRequest> stagingRequests = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> directoryTags = new ConcurrentHashMap<>();
    private final RecentRows<DeadLetterRow> deadLetters = new RecentRows<>(RECENT_DEAD_LETTERS);
    private final RecentRows<AccessRow> accesses = new RecentRows<>(RECENT_ACCESSES);
    private final ConcurrentSkipListMap<String, StuckRow> stuck = new ConcurrentSkipListMap<>();
    private final AtomicLong version = new AtomicLong();
    private final List<FileListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public void putFile(FileRecord record) {
        FileRow row = FileRow.of(record);
        files.put(row.path(), row);
        version.incrementAndGet();
        listeners.forEach(l -> l.changed(row.path(), row));
    }

    public void removeFile(String path) {
        if (files.remove(path) != null) {
            version.incrementAndGet();
            listeners.forEach(l -> l.changed(path, null));
        }
    }

    /** Records that placement gave up on {@code row.path()} (its latest stuck state replaces any before). */
    public void putStuck(StuckRow row) {
        stuck.put(row.path(), row);
        version.incrementAndGet();
    }

    /** Records that placement no longer holds {@code path} as stuck (released, retried, or gone). */
    public void removeStuck(String path) {
        if (stuck.remove(path) != null) {
            version.incrementAndGet();
        }
    }

    /** The files placement gave up on, in path order. */
    public Collection<StuckRow> stuckFiles() {
        return stuck.values();
    }

    public Optional<StuckRow> stuck(String path) {
        return Optional.ofNullable(stuck.get(path));
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
        version.incrementAndGet();
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
        version.incrementAndGet();
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
        version.incrementAndGet();
    }

    public Collection<StagingStatus> staging() {
        return staging.values();
    }

    public void moveIssued(MoveCommand command) {
        moves.issued(command);
        version.incrementAndGet();
    }

    public void moveFinished(MoveResult result) {
        moves.finished(result);
        version.incrementAndGet();
    }

    public List<MoveRow> moves() {
        return moves.snapshot();
    }

    /** A policy by name from {@code meridian.policies}; null removes it (a tombstone). */
    public void putPolicy(String name, Policy policy) {
        if (policy == null) {
            policies.remove(name);
        } else {
            policies.put(name, policy);
        }
        version.incrementAndGet();
    }

    public Collection<Policy> policies() {
        return policies.values();
    }

    /** A staging request from {@code meridian.staging-requests}; null (a release) removes it. */
    public void putStagingRequest(String requestId, StagingRequest request) {
        if (request == null) {
            stagingRequests.remove(requestId);
        } else {
            stagingRequests.put(requestId, request);
        }
        version.incrementAndGet();
    }

    public Optional<StagingRequest> stagingRequest(String requestId) {
        return Optional.ofNullable(stagingRequests.get(requestId));
    }

    /**
     * Folds a tag command on {@code directory} (from {@code meridian.tag-commands}, in order) into the
     * tags set on it: SET adds or replaces keys, REMOVE drops them.
     */
    public void directoryTagCommand(String directory, TagCommand command) {
        directoryTags.compute(directory, (dir, old) -> {
            Map<String, String> tags = old == null ? new TreeMap<>() : new TreeMap<>(old);
            if (command.getOp() == TagOp.SET) {
                tags.putAll(command.getTags());
            } else {
                command.getKeys().forEach(tags::remove);
            }
            return tags.isEmpty() ? null : Map.copyOf(tags);
        });
        version.incrementAndGet();
    }

    /** The tags set on {@code directory} by the tag commands still retained, sorted by key; empty when none. */
    public Map<String, String> directoryTags(String directory) {
        return new TreeMap<>(directoryTags.getOrDefault(directory, Map.of()));
    }

    /** The open staging requests (those not released), in no particular order. */
    public Collection<StagingRequest> stagingRequests() {
        return stagingRequests.values();
    }

    public void deadLetter(DeadLetterRow row) {
        deadLetters.add(row);
        version.incrementAndGet();
    }

    /** A read served by the read path (an access event). */
    public void accessed(AccessRow row) {
        accesses.add(row);
        version.incrementAndGet();
    }

    /** The most recent reads, oldest first. */
    public List<AccessRow> accesses() {
        return accesses.snapshot();
    }

    /** The most recent dead letters, oldest first. */
    public List<DeadLetterRow> deadLetters() {
        return deadLetters.snapshot();
    }

    /** Grows on every change of anything this store holds; equal values mean nothing changed in between. */
    public long version() {
        return version.get();
    }
}
