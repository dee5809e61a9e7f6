package io.meridian.placement.capacity;

import io.meridian.placement.reconcile.Action;
import io.meridian.placement.reconcile.Commands;
import io.meridian.placement.reconcile.Plan;
import io.meridian.placement.reconcile.Planner;
import io.meridian.placement.reconcile.PlanInput;
import io.meridian.placement.reconcile.Reconciler;
import io.meridian.placement.reconcile.VerifiedCopies;
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

    public Evictor(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    public void tick(long now) {
        for (Silo silo : reconciler.view().silos().values()) {
            long used = reconciler.view().committed().getOrDefault(silo.getId(), 0L);
            if (silo.getState() == SiloState.ACTIVE && used > silo.getHighWatermark() * silo.getCapacityBytes()) {
                evict(silo, used, now);
            }
        }
    }

    private void evict(Silo silo, long used, long now) {
        long local = reconciler.index().presentBytes(silo.getId());
        long deleting = reconciler.tracker().bytesDeleting(silo.getId());
        double excess = used - silo.getLowWatermark() * silo.getCapacityBytes();
        long share = (long) Math.ceil(excess * local / used);
        long[] freed = {deleting};
        // the silo's range of the index is in eviction order: stop as soon as the share is freed
        reconciler.index().visit(silo.getId(), null, path -> {
            if (freed[0] >= share) {
                return false;
            }
            FileRecord record = reconciler.file(path);
            Instance instance = record == null ? null : VerifiedCopies.instanceOn(record, silo.getId());
            if (instance != null && instance.getState() == InstanceState.PRESENT && evictable(record, silo, now)) {
                Action delete = new Action(MoveOp.DELETE_INSTANCE, silo.getId(), null, "evict:" + silo.getId(), 0, null);
                reconciler.issue(Commands.of(delete, record, now, reconciler.settings().leaseMillis()));
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
        if (reconciler.tracker().busy(record.getPath())
                || !VerifiedCopies.anotherVerified(record, silo.getId(), reconciler.view().silos())) {
            return false;
        }
        PlanInput input = reconciler.input(record, now);
        Plan plan = Planner.plan(input);
        boolean pinned = plan.pinned().stream().anyMatch(p -> p.startsWith(silo.getId() + " ("));
        return !pinned && !plan.desired().contains(silo.getId());
    }
}
