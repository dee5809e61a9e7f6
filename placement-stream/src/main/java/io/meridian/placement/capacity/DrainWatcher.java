package io.meridian.placement.capacity;

import io.meridian.placement.reconcile.Emitter;
import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Plan;
import io.meridian.placement.reconcile.Reconciler;
import io.meridian.placement.reconcile.SiloIndex;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains: the planner moves everything off a DRAINING silo (see Planner) except pinned instances
 * (invariant 11: it copies a pinned only copy out and removes the instance when the pin ends). This
 * watcher reports each drain's progress and retires the silo once it is empty — this task holds no
 * instance on it (counted by the {@link io.meridian.placement.reconcile.SiloIndex}, not by a scan),
 * and meridian.silo-usage (summed over every partition) counts no file there. Every task may
 * publish RETIRED; the records are identical, so duplicates are harmless.
 *
 * <p>On every tick it also walks the task's instances on each draining silo, re-planning at most
 * {@code budget} files with no open command per tick and resuming where it stopped: that counts the
 * instances that wait for a pin, which the progress line names ("N wait for a pin to end"), and lets
 * the drain go on as soon as a pin ends or its staging request is released, neither of which changes
 * the file's record.
 */
public final class DrainWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DrainWatcher.class);

    private final Reconciler reconciler;
    private final SiloIndex index;
    private final GlobalView view;
    private final Emitter emitter;
    private final int budget;
    private final Map<String, Walk> walks = new HashMap<>();
    private final Map<String, String> lastProgress = new HashMap<>();

    public DrainWatcher(Reconciler reconciler, SiloIndex index, GlobalView view, Emitter emitter, int budget) {
        this.reconciler = reconciler;
        this.index = index;
        this.view = view;
        this.emitter = emitter;
        this.budget = budget;
    }

    public void tick(long now) {
        for (Silo silo : view.silos().values()) {
            if (silo.getState() != SiloState.DRAINING) {
                walks.remove(silo.getId());
                lastProgress.remove(silo.getId());
                continue;
            }
            Walk walk = walks.computeIfAbsent(silo.getId(), id -> new Walk());
            advance(silo.getId(), walk, now);
            report(silo.getId(), walk);
            long remaining = index.instances(silo.getId());
            if (remaining == 0 && view.fileCount(silo.getId()) == 0) {
                LOG.info("Silo {} is drained; publishing it as RETIRED", silo.getId());
                emitter.silo(Silo.newBuilder(silo).setState(SiloState.RETIRED).build());
            }
        }
    }

    /** Re-plans up to {@code budget} idle files on the silo from the walk's cursor, noting the pinned ones. */
    private void advance(String silo, Walk walk, long now) {
        int[] left = {budget};
        walk.cursor = index.visit(silo, walk.cursor, path -> {
            FileRecord record = reconciler.file(path);
            Plan plan = record == null ? null : reconciler.reconcile(record, now);
            if (plan != null) {
                left[0]--;
                if (plan.pinnedOn(silo)) {
                    walk.pinned(path, plan.pins().get(silo));
                }
            }
            return left[0] > 0;
        });
        if (walk.cursor == null) {
            walk.passEnded();
        }
    }

    private void report(String silo, Walk walk) {
        long remaining = index.instances(silo);
        String progress = remaining + " instances left in this task (" + index.onlyCopies(silo)
                + " of them the only copy), " + view.fileCount(silo) + " in all partitions"
                + (walk.lastPinned > 0 ? "; " + walk.lastPinned + " wait for a pin to end (" + walk.lastExample + ")" : "");
        if (!progress.equals(lastProgress.put(silo, progress))) {
            LOG.info("Draining silo {}: {}", silo, progress);
        }
    }

    /** One pass over a draining silo's instances in this task: where it is, and the pins it met. */
    private static final class Walk {
        String cursor;
        long pinned;
        String example;
        long lastPinned;
        String lastExample;

        void pinned(String path, String owner) {
            if (pinned++ == 0) {
                example = path + " pinned by " + owner;
            }
        }

        void passEnded() {
            lastPinned = pinned;
            lastExample = example;
            pinned = 0;
            example = null;
        }
    }
}
