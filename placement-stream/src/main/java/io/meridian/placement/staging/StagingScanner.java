package io.meridian.placement.staging;

import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Reconciler;
import io.meridian.placement.request.StagingNeed;
import io.meridian.placement.request.StagingSelector;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.placement.tracking.Tracker;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import io.meridian.schemas.StagingRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's part of every staging request, on each tick, earliest deadline (then highest priority)
 * first: expands the selector over the task's files (each prefix a key range of the sorted store; a
 * tag-only selector scans the store), plans a copy to the site for every selected file not there
 * yet, and reports this partition's progress whenever it changes. After pin-until the request is
 * dropped and its files re-evaluated, which returns them to normal policy. Progress goes to
 * {@code reports}, to be re-keyed by request id and summed ({@link StagingStatusProcessor}).
 */
public final class StagingScanner {
    private final Reconciler reconciler;
    private final Tracker tracker;
    private final GlobalView view;
    private final KeyValueStore<String, StagingProgress> reported;
    private final Consumer<StagingProgress> reports;
    private final int partition;
    private final int partitions;

    /**
     * @param reported   the progress last reported per request id (the {@code placement-staging} store)
     * @param partition  this task's partition of meridian.metadata
     * @param partitions how many partitions meridian.metadata has (each reports its part)
     */
    public StagingScanner(Reconciler reconciler, Tracker tracker, GlobalView view, KeyValueStore<String, StagingProgress> reported,
                          Consumer<StagingProgress> reports, int partition, int partitions) {
        this.reconciler = reconciler;
        this.tracker = tracker;
        this.view = view;
        this.reported = reported;
        this.reports = reports;
        this.partition = partition;
        this.partitions = partitions;
    }

    public void tick(long now) {
        for (StagingRequest request : view.requests()) {
            String id = request.getRequestId();
            if (request.getPinUntil().toEpochMilli() <= now) {
                if (reported.get(id) != null) {
                    reported.delete(id);
                    forEachSelected(request, record -> reconciler.reconcile(record, now));
                }
                continue;
            }
            StagingProgress progress = progress(request, now);
            if (!progress.equals(reported.get(id))) {
                reported.put(id, progress);
                reports.accept(progress);
            }
        }
    }

    private StagingProgress progress(StagingRequest request, long now) {
        StagingNeed need = StagingNeed.of(request);
        try {
            StagingSelector.validate(request);
            StagingSelector.checkPlace(request, view.silos().values());
        } catch (IllegalArgumentException e) {
            return progress(request, new Counts(), "invalid request: " + e.getMessage());
        }
        Counts counts = new Counts();
        forEachSelected(request, record -> {
            long size = size(record);
            counts.files++;
            counts.bytes += size;
            if (atSite(record, need, view.silos())) {
                counts.filesReady++;
                counts.bytesReady += size;
                return;
            }
            counts.notAtSite = counts.notAtSite == null ? record.getPath() : counts.notAtSite;
            StuckFile stuck = tracker.stuck(record.getPath());
            if (stuck != null) {
                counts.failed++;
                counts.reason = record.getPath() + ": " + stuck.reason();
            } else {
                reconciler.reconcile(record, now);
            }
        });
        return progress(request, counts, counts.reason);
    }

    private StagingProgress progress(StagingRequest request, Counts c, String reason) {
        return new StagingProgress(request.getRequestId(), request.getJobId(), partition,
                partitions, c.files, c.filesReady, c.bytes, c.bytesReady,
                reason != null && c.failed == 0 ? 1 : c.failed, reason,
                request.getDeadline().toEpochMilli(), request.getPinUntil().toEpochMilli(), c.notAtSite);
    }

    /** This partition's tally of one request, recomputed from the task's files on every tick. */
    private static final class Counts {
        long files;
        long filesReady;
        long bytes;
        long bytesReady;
        long failed;
        String reason;
        String notAtSite;
    }

    private void forEachSelected(StagingRequest request, Consumer<FileRecord> visitor) {
        Consumer<FileRecord> selected = record -> {
            if (StagingSelector.selects(request, record)) {
                visitor.accept(record);
            }
        };
        List<String> prefixes = request.getPrefixes();
        if (prefixes.isEmpty()) {
            reconciler.forEach("", selected);
            return;
        }
        String covered = null;
        for (String prefix : new TreeSet<>(prefixes)) {
            if (covered == null || !prefix.startsWith(covered)) { // a nested prefix is inside the previous range
                reconciler.forEach(prefix, selected);
                covered = prefix;
            }
        }
    }

    private static boolean atSite(FileRecord record, StagingNeed need, Map<String, Silo> silos) {
        for (Instance instance : record.getInstances()) {
            Silo silo = silos.get(instance.getSilo());
            if (instance.getState() == InstanceState.PRESENT && silo != null && need.metAt(silo)) {
                return true;
            }
        }
        return false;
    }

    private static long size(FileRecord record) {
        long size = 0;
        for (Instance instance : record.getInstances()) {
            if (instance.getState() == InstanceState.PRESENT) {
                size = Math.max(size, instance.getSize());
            }
        }
        return size;
    }
}
