package io.meridian.placement.capacity;

import io.meridian.placement.reconcile.Reconciler;
import io.meridian.placement.reconcile.VerifiedCopies;
import io.meridian.schemas.Instance;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains: the planner already moves everything off a DRAINING silo (see Planner); this watcher
 * reports progress and retires the silo once it is empty — this task holds no instance on it,
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
            long[] remaining = {0};
            reconciler.forEach(null, record -> {
                Instance instance = VerifiedCopies.instanceOn(record, silo.getId());
                if (instance != null) {
                    remaining[0]++;
                }
            });
            Long before = lastRemaining.put(silo.getId(), remaining[0]);
            if (before == null || before != remaining[0]) {
                LOG.info("Draining silo {}: {} instances left in this task, {} in all partitions",
                        silo.getId(), remaining[0], reconciler.view().fileCount(silo.getId()));
            }
            if (remaining[0] == 0 && reconciler.view().fileCount(silo.getId()) == 0) {
                LOG.info("Silo {} is drained; publishing it as RETIRED", silo.getId());
                reconciler.emitter().silo(Silo.newBuilder(silo).setState(SiloState.RETIRED).build());
            }
        }
    }
}
