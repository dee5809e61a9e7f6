package io.meridian.placement.reconcile;

import io.meridian.expr.FileFacts;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Orders the silos a file may go to, deterministically: silos that already hold its current content
 * first (no transfer), then site affinity (a silo at a site where the file already is), then storage cost,
 * then the egress cost of reading it from its cheapest source, then most free space, then id.
 * Silos that are not active or have no room (committed plus in-flight plus the file's size above
 * this task's share of the capacity, invariant 6) are rejected with the reason.
 */
final class SiloRanker {
    private SiloRanker() {
    }

    /** Ranked eligible silos among those {@code selected} accepts; every considered silo gets a verdict. */
    static List<Silo> rank(PlanInput input, Predicate<Silo> selected, String why, List<SiloVerdict> verdicts) {
        FileRecord record = input.record();
        Set<String> holders = currentSilos(record); // an outdated copy is overwritten: it needs room and a transfer
        Set<String> sites = new TreeSet<>();
        holders.forEach(id -> {
            Silo s = input.silos().get(id);
            if (s != null) {
                sites.add(s.getSite());
            }
        });
        double egress = cheapestEgress(input, holders);
        long size = size(record);
        List<Silo> eligible = new ArrayList<>();
        for (Silo silo : input.silos().values()) {
            if (!selected.test(silo)) {
                continue;
            }
            if (silo.getState() != SiloState.ACTIVE) {
                verdicts.add(new SiloVerdict(silo.getId(), false, why + ": " + silo.getState().name().toLowerCase()));
            } else if (!holders.contains(silo.getId()) && !input.hasRoom(silo, size)) {
                verdicts.add(new SiloVerdict(silo.getId(), false, why + ": no room for " + size
                        + " bytes (committed + in flight would exceed this task's share of " + silo.getCapacityBytes() + ")"));
            } else {
                eligible.add(silo);
            }
        }
        Comparator<Silo> order = Comparator.<Silo>comparingInt(s -> holders.contains(s.getId()) ? 0 : 1)
                .thenComparingInt(s -> sites.contains(s.getSite()) ? 0 : 1)
                .thenComparingDouble(Silo::getStorageCostPerGiBMonth)
                .thenComparingDouble(s -> holders.contains(s.getId()) ? 0 : egress)
                .thenComparingLong(s -> -(s.getCapacityBytes() - input.committed().getOrDefault(s.getId(), 0L)))
                .thenComparing(Silo::getId);
        eligible.sort(order);
        return eligible;
    }

    static Set<String> presentSilos(FileRecord record) {
        Set<String> present = new TreeSet<>();
        for (Instance instance : record.getInstances()) {
            if (instance.getState() == InstanceState.PRESENT) {
                present.add(instance.getSilo());
            }
        }
        return present;
    }

    /**
     * The silos whose present instance holds the file's current content: that of the current
     * instance ({@link FileFacts#current}, the newest present copy), or the same content
     * ({@link FileFacts#sameContent}). An
     * older copy of other content (the file was rewritten where it was, after a copy was made) does
     * not count as a place the file is in: the planner copies the current content over it.
     */
    static Set<String> currentSilos(FileRecord record) {
        Instance current = FileFacts.current(record);
        Set<String> silos = new TreeSet<>();
        for (Instance instance : record.getInstances()) {
            if (instance.getState() == InstanceState.PRESENT && current != null && FileFacts.sameContent(instance, current)) {
                silos.add(instance.getSilo());
            }
        }
        return silos;
    }

    static long size(FileRecord record) {
        long size = 0;
        for (Instance instance : record.getInstances()) {
            if (instance.getState() == InstanceState.PRESENT) {
                size = Math.max(size, instance.getSize());
            }
        }
        return size;
    }

    /**
     * The best instance of the current content ({@link #currentSilos}) to copy from for {@code target}:
     * verified (CRC32C known) first, then same
     * site as the target, then lowest egress cost, then silo id.
     */
    static Instance source(PlanInput input, Silo target) {
        Comparator<Instance> order = Comparator.<Instance>comparingInt(i -> i.getCrc32c() == null ? 1 : 0)
                .thenComparingInt(i -> sameSite(input, i.getSilo(), target) ? 0 : 1)
                .thenComparingDouble(i -> egressOf(input, i.getSilo()))
                .thenComparing(Instance::getSilo);
        Set<String> current = currentSilos(input.record());
        return input.record().getInstances().stream()
                .filter(i -> current.contains(i.getSilo()) && !i.getSilo().equals(target.getId()))
                .min(order).orElse(null);
    }

    private static boolean sameSite(PlanInput input, String silo, Silo target) {
        Silo s = input.silos().get(silo);
        return s != null && s.getSite().equals(target.getSite());
    }

    private static double egressOf(PlanInput input, String silo) {
        Silo s = input.silos().get(silo);
        return s == null ? Double.MAX_VALUE : s.getEgressCostPerGiB();
    }

    private static double cheapestEgress(PlanInput input, Set<String> holders) {
        return holders.stream().mapToDouble(h -> egressOf(input, h)).min().orElse(0);
    }
}
