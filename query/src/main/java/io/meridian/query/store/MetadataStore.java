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
 * <p>The files are in a {@link FileIndex}: by default a full copy on the heap ({@link HeapFileIndex},
 * filled by {@link #putFile}); or the query tier's partitioned index, which this store does not
 * fill (its owners do) and of whose changes it is only told ({@link #putFile} then only tells the
 * listeners). Everything else is small and kept here in full.
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

    private final FileIndex files;
    private final HeapFileIndex heap;
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

    /** A store holding every file on the heap. */
    public MetadataStore() {
        this.heap = new HeapFileIndex();
        this.files = heap;
    }

    /** A store whose files are in {@code files}, which others keep current (the partitioned query tier). */
    public MetadataStore(FileIndex files) {
        this.heap = files instanceof HeapFileIndex h ? h : null;
        this.files = files;
    }

    /** The files, as this process reads them. */
    public FileIndex files() {
        return files;
    }

    /** Whether this store keeps the files itself ({@link #putFile} stores them) rather than being told of changes. */
    public boolean holdsFiles() {
        return heap != null;
    }

    /** Whether anyone listens to file changes ({@link #onFileChange}); if not, a change need not be decoded. */
    public boolean hasFileListeners() {
        return !listeners.isEmpty();
    }

    /** A new or changed file: stored when this store holds the files; listeners are told either way. */
    public void putFile(FileRecord record) {
        FileRow row = FileRow.of(record);
        if (heap != null) {
            heap.put(row);
        }
        version.incrementAndGet();
        listeners.forEach(l -> l.changed(row.path(), row));
    }

    /** A deleted file (tombstone): removed when this store holds the files; listeners are told when it was there. */
    public void removeFile(String path) {
        if (heap == null || heap.remove(path)) {
            version.incrementAndGet();
            listeners.forEach(l -> l.changed(path, null));
        }
    }

    /** A file changed that nobody needs decoded (no listeners, files held elsewhere): only the version moves. */
    public void fileTouched() {
        version.incrementAndGet();
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
        return files.file(path);
    }

    public long fileCount() {
        return files.fileCount();
    }

    /** Every file, in path order. */
    public Iterable<FileRow> allFiles() {
        return files.range("", null);
    }

    /** Files whose path is in [{@code from}, {@code to}); {@code to} null means no upper bound. */
    public Iterable<FileRow> range(String from, String to) {
        return files.range(from, to);
    }

    /** Files whose path starts with {@code prefix}, in path order. */
    public Iterable<FileRow> withPrefix(String prefix) {
        return range(prefix, prefixEnd(prefix));
    }

    /** The direct children of a directory, like {@code ls}; see {@link FileIndex#children}. */
    public List<String> children(String directory, int limit) {
        return files.children(directory, limit);
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
