package io.meridian.cli.ops;

import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataMaterializer;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.store.MoveRow;
import io.meridian.query.store.StuckRow;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The view of a process that runs the query store: reads answer from its materialized copy, without
 * a consumer of their own. A read first waits (a bounded time) for the store to have read the
 * topics up to where they ended when it started, so a fresh process does not answer from nothing.
 */
public final class StoreView implements View {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 10;

    private final MetadataMaterializer materializer;
    private final StuckReader stuckReader;

    /** Over {@code materializer}'s store, whose stuck files {@code stuckReader} keeps. */
    public StoreView(MetadataMaterializer materializer, StuckReader stuckReader) {
        this.materializer = materializer;
        this.stuckReader = stuckReader;
    }

    @Override
    public Map<String, SiloUsage> usage() {
        Map<String, SiloUsage> usage = new TreeMap<>();
        MetadataStore store = store();
        store.silos().forEach(s -> store.usage(s.getId()).ifPresent(u -> usage.put(s.getId(), u)));
        return usage;
    }

    @Override
    public List<StuckRow> stuck() {
        await(stuckReader::caughtUp);
        return List.copyOf(store().stuckFiles());
    }

    @Override
    public Map<String, Silo> silos() {
        Map<String, Silo> silos = new TreeMap<>();
        store().silos().forEach(s -> silos.put(s.getId(), s));
        return silos;
    }

    @Override
    public Map<String, Policy> policies() {
        Map<String, Policy> policies = new TreeMap<>();
        store().policies().forEach(p -> policies.put(p.getName(), p));
        return policies;
    }

    @Override
    public Optional<StagingStatus> stagingStatus(String requestId) {
        return store().staging().stream().filter(s -> s.getRequestId().equals(requestId)).findFirst();
    }

    @Override
    public Optional<StagingRequest> stagingRequest(String requestId) {
        return store().stagingRequest(requestId);
    }

    @Override
    public Collection<StagingRequest> stagingRequests() {
        return List.copyOf(store().stagingRequests());
    }

    @Override
    public Collection<FileRecord> filesUnder(String prefix) {
        List<FileRecord> out = new java.util.ArrayList<>();
        store().withPrefix(prefix).forEach(row -> out.add(row.record()));
        return out;
    }

    @Override
    public Optional<FileRecord> file(String path) {
        return store().file(path).map(FileRow::record);
    }

    @Override
    public List<MoveRow> openMoves(String path) {
        return store().moves().stream().filter(m -> m.path().equals(path) && "pending".equals(m.status())).toList();
    }

    @Override
    public int metadataPartitions() {
        store(); // the materializer knows the partitions once it has read up to where the topics ended
        return materializer.metadataPartitions();
    }

    @Override
    public void awaitStagingRequest(String requestId, boolean open) {
        await(() -> stagingRequest(requestId).isPresent() == open);
    }

    @Override
    public void awaitPolicy(String name, Policy policy) {
        await(() -> sameVersion(policies().get(name), policy));
    }

    /** The same policy as applied: the same when, place and figures, updated at the same millisecond (what the topic keeps). */
    private static boolean sameVersion(Policy held, Policy published) {
        if (held == null || published == null) {
            return held == published;
        }
        Policy stored = Policy.newBuilder(published).setUpdatedAt(held.getUpdatedAt()).build();
        return held.getUpdatedAt().toEpochMilli() == published.getUpdatedAt().toEpochMilli() && Objects.equals(held, stored);
    }

    private MetadataStore store() {
        await(materializer::caughtUp);
        return materializer.store();
    }

    /** Waits until {@code done}, at most {@link #WAIT}; then answers with what the store holds. */
    private static void await(BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
