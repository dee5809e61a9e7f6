package io.meridian.placement.capacity;

import io.meridian.placement.reconcile.Reconciler;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains: the planner already moves everything off a DRAINING silo (see Planner); this watcher
 * reports progress and retires the silo once it is empty — this task holds no instance on it
 * (counted by the {@link io.meridian.placement.reconcile.SiloIndex}, not by a scan),
 * and meridian.silo-usage (summed over every partition) counts no file there. Every task may
 * publish RETIRED; the records are identical, so duplicates are harmless.
 */
public final class DrainWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DrainWatcher.class);

    private final Reconciler reconciler;
    private final Map<String, Long> lastRemaining = new HashMap<>();

    public DrainWatcher(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    public void tick() {
        for (Silo silo : reconciler.view().silos().values()) {
            if (silo.getState() != SiloState.DRAINING) {
                lastRemaining.remove(silo.getId());
                continue;
            }
            long remaining = reconciler.index().instances(silo.getId());
            Long before = lastRemaining.put(silo.getId(), remaining);
            if (before == null || before != remaining) {
                LOG.info("Draining silo {}: {} instances left in this task ({} of them the only copy), {} in all partitions",
                        silo.getId(), remaining, reconciler.index().onlyCopies(silo.getId()), reconciler.view().fileCount(silo.getId()));
            }
            if (remaining == 0 && reconciler.view().fileCount(silo.getId()) == 0) {
                LOG.info("Silo {} is drained; publishing it as RETIRED", silo.getId());
                reconciler.emitter().silo(Silo.newBuilder(silo).setState(SiloState.RETIRED).build());
            }
        }
    }
}
