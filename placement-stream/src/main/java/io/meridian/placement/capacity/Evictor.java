package io.meridian.placement.capacity;

import io.meridian.placement.reconcile.Action;
import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Plan;
import io.meridian.placement.reconcile.Planner;
import io.meridian.placement.reconcile.Reconciler;
import io.meridian.placement.reconcile.SiloIndex;
import io.meridian.placement.reconcile.VerifiedCopies;
import io.meridian.placement.tracking.Tracker;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watermarks: when a silo's committed bytes (meridian.silo-usage) are above its high watermark,
 * each task evicts its share of the excess — the excess down to the low watermark, times the
 * fraction of the silo's bytes that this task's files hold — least recently accessed first
 * ({@code lastAccess}, else the instance's mtime), walking the silo's range of the
 * {@link io.meridian.placement.reconcile.SiloIndex} until the share is freed. Only instances with another verified copy on an
 * active silo (invariant 1), not pinned, not wanted there by the winning policy or a staging request,
 * and of files with no open command are evicted; deletes already in flight count toward the share.
 */
public final class Evictor {
    private static final Logger LOG = LoggerFactory.getLogger(Evictor.class);

    private final Reconciler reconciler;
    private final SiloIndex index;
    private final Tracker tracker;
    private final GlobalView view;

    public Evictor(Reconciler reconciler, SiloIndex index, Tracker tracker, GlobalView view) {
        this.reconciler = reconciler;
        this.index = index;
        this.tracker = tracker;
        this.view = view;
    }

    public void tick(long now) {
        for (Silo silo : view.silos().values()) {
            long used = view.committed().getOrDefault(silo.getId(), 0L);
            if (silo.getState() == SiloState.ACTIVE && used > silo.getHighWatermark() * silo.getCapacityBytes()) {
                evict(silo, used, now);
            }
        }
    }

    private void evict(Silo silo, long used, long now) {
        long local = index.presentBytes(silo.getId());
        long deleting = tracker.bytesDeleting(silo.getId());
        double excess = used - silo.getLowWatermark() * silo.getCapacityBytes();
        long share = (long) Math.ceil(excess * local / used);
        long[] freed = {deleting};
        // the silo's range of the index is in eviction order: stop as soon as the share is freed
        index.visit(silo.getId(), null, path -> {
            if (freed[0] >= share) {
                return false;
            }
            FileRecord record = reconciler.file(path);
            Instance instance = record == null ? null : VerifiedCopies.instanceOn(record, silo.getId());
            if (instance != null && instance.getState() == InstanceState.PRESENT && evictable(record, silo, now)) {
                Action delete = new Action(MoveOp.DELETE_INSTANCE, silo.getId(), null, "evict:" + silo.getId(), 0, null);
                reconciler.issue(delete, record, now);
                freed[0] += instance.getSize();
            }
            return true;
        });
        if (freed[0] > deleting) {
            LOG.info("Silo {} above its high watermark ({} of {} bytes): evicting {} bytes, this task's share is {}",
                    silo.getId(), used, silo.getCapacityBytes(), freed[0] - deleting, share);
        }
    }

    private boolean evictable(FileRecord record, Silo silo, long now) {
        if (tracker.busy(record.getPath()) || !VerifiedCopies.anotherVerified(record, silo.getId(), view.silos())) {
            return false;
        }
        Plan plan = Planner.plan(reconciler.input(record, now));
        return !plan.pinnedOn(silo.getId()) && !plan.desired().contains(silo.getId());
    }
}
