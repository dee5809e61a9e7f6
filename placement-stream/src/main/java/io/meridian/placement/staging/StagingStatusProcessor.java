package io.meridian.placement.staging;

import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums the per-partition progress of each staging request (re-keyed by request id) into its
 * StagingStatus: PENDING until files are selected, STAGING while copies run, READY when every
 * partition has reported and every selected file is at the site, FAILED when a file cannot be staged
 * or the request is invalid, EXPIRED when the deadline passes first. READY holds only while it is
 * true (invariant 11): each partition recomputes its counts from its files on every tick, so when a
 * selected file loses its instance at the site, that partition's ready count drops and the request
 * goes back to STAGING with a reason naming a missing file (placement copies it back); it is READY
 * again once every file is there. Once READY, a later loss is never EXPIRED: the deadline was met.
 * ETA comes from the bytes made ready since staging started. A status is published only when it
 * changes.
 */
public final class StagingStatusProcessor implements Processor<String, StagingProgress, String, StagingStatus> {
    private final String storeName;
    private final Duration tick;
    private final StagingMetrics metrics;
    private final java.util.Set<String> reported = new java.util.HashSet<>();
    private ProcessorContext<String, StagingStatus> context;
    private KeyValueStore<String, StagingTotals> totals;

    /** {@code metrics} counts the states of the requests of this task (see {@link StagingMetrics}). */
    public StagingStatusProcessor(String storeName, Duration tick, StagingMetrics metrics) {
        this.storeName = storeName;
        this.tick = tick;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, StagingStatus> context) {
        this.context = context;
        this.totals = context.getStateStore(storeName);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, StagingProgress> record) {
        StagingProgress progress = record.value();
        if (progress == null) {
            return;
        }
        StagingTotals current = totals.get(record.key());
        if (current == null) {
            current = new StagingTotals(record.key(), null, null, null, null);
        }
        if (current.terminal()) {
            return;
        }
        update(current.with(progress), context.currentSystemTimeMs());
    }

    private void expire(long now) {
        java.util.List<StagingTotals> open = new java.util.ArrayList<>();
        try (KeyValueIterator<String, StagingTotals> it = totals.all()) {
            it.forEachRemaining((KeyValue<String, StagingTotals> kv) -> open.add(kv.value));
        }
        for (StagingTotals t : open) {
            StagingProgress any = t.parts().values().iterator().next();
            if (now >= any.pinUntil()) {
                totals.delete(t.requestId()); // released: nothing more to report
                metrics.forget(t.requestId());
                reported.remove(t.requestId());
            } else if (!t.terminal()) {
                update(t, now);
            }
        }
    }

    private void update(StagingTotals t, long now) {
        StagingProgress any = t.parts().values().iterator().next();
        long[] sum = new long[5];
        String reason = null;
        String missing = null;
        for (StagingProgress p : t.parts().values()) {
            sum[0] += p.filesTotal();
            sum[1] += p.filesReady();
            sum[2] += p.bytesTotal();
            sum[3] += p.bytesReady();
            sum[4] += p.failed();
            reason = p.reason() != null ? p.reason() : reason;
            missing = missing == null ? p.notAtSite() : missing;
        }
        boolean complete = t.parts().size() >= any.partitions();
        StagingState state = state(sum, complete, t.readyAt() != null, now >= any.deadline());
        if (state == StagingState.EXPIRED) {
            reason = sum[0] == 0 ? "no file matched the selector before the deadline"
                    : (sum[0] - sum[1]) + " of " + sum[0] + " files were not at the site by the deadline";
        } else if (state != StagingState.FAILED && t.readyAt() != null) {
            reason = "no longer READY (first READY at " + Instant.ofEpochMilli(t.readyAt()) + "): " + (sum[0] - sum[1])
                    + " of " + sum[0] + " files not at the site" + (missing == null ? "" : ", e.g. " + missing) + "; staging them again";
        }
        Long started = t.startedAt() == null && state == StagingState.STAGING ? Long.valueOf(now) : t.startedAt();
        Long readyAt = t.readyAt() == null && state == StagingState.READY ? Long.valueOf(now) : t.readyAt();
        StagingTotals next = t.inState(state.name(), started, readyAt);
        boolean changed = !next.equals(totals.get(t.requestId()));
        totals.put(t.requestId(), next);
        reported.add(t.requestId());
        metrics.state(t.requestId(), state, started, t.readyAt() == null && readyAt != null, now);
        if (changed) {
            context.forward(new Record<>(t.requestId(), status(any, state, sum, eta(started, sum, now), reason, now), now));
        }
    }

    @Override
    public void close() {
        reported.forEach(metrics::forget);
        reported.clear();
    }

    /** The state of summed counts {filesTotal, filesReady, bytesTotal, bytesReady, failed}. */
    private static StagingState state(long[] sum, boolean complete, boolean wasReady, boolean pastDeadline) {
        if (sum[4] > 0) {
            return StagingState.FAILED;
        }
        if (complete && sum[0] > 0 && sum[1] == sum[0]) {
            return StagingState.READY;
        }
        if (pastDeadline && !wasReady) {
            return StagingState.EXPIRED;
        }
        return sum[0] > 0 ? StagingState.STAGING : StagingState.PENDING;
    }

    private static Long eta(Long started, long[] sum, long now) {
        long elapsed = started == null ? 0 : now - started;
        if (sum[3] <= 0 || elapsed <= 0 || sum[3] >= sum[2]) {
            return null;
        }
        double bytesPerMilli = (double) sum[3] / elapsed;
        return (long) ((sum[2] - sum[3]) / bytesPerMilli);
    }

    private static StagingStatus status(StagingProgress any, StagingState state, long[] sum, Long eta, String reason, long now) {
        boolean explained = state != StagingState.READY;
        return StagingStatus.newBuilder().setRequestId(any.requestId()).setJobId(any.jobId()).setState(state)
                .setFilesTotal(sum[0]).setFilesReady(sum[1]).setBytesTotal(sum[2]).setBytesReady(sum[3])
                .setEtaMillis(eta).setReason(explained ? reason : null).setUpdatedAt(Instant.ofEpochMilli(now)).build();
    }
}
