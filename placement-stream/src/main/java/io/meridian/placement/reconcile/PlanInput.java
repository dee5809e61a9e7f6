package io.meridian.placement.reconcile;

import io.meridian.placement.policy.CompiledPolicy;
import io.meridian.placement.request.StagingNeed;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Silo;
import java.util.List;
import java.util.Map;

/**
 * Everything the planner decides from, for one file. The planner is a pure function of this, so
 * the stream and {@code meridian explain} compute the same answer from the same inputs.
 *
 * @param record        the file's current FileRecord
 * @param policies      every published policy, compiled
 * @param silos         every silo by id
 * @param committed     committed bytes per silo (meridian.silo-usage)
 * @param inFlight      bytes this task has in flight into each silo (open COPY and MOVE commands)
 * @param partitions    how many tasks share each silo's free space (each may use 1/partitions of it)
 * @param staging       active staging requests that select this file, earliest deadline first
 * @param now           epoch millis
 */
public record PlanInput(
        FileRecord record,
        List<CompiledPolicy> policies,
        Map<String, Silo> silos,
        Map<String, Long> committed,
        Map<String, Long> inFlight,
        int partitions,
        List<StagingNeed> staging,
        long now) {

    public PlanInput {
        policies = List.copyOf(policies);
        silos = Map.copyOf(silos);
        committed = Map.copyOf(committed);
        inFlight = Map.copyOf(inFlight);
        staging = List.copyOf(staging);
        partitions = Math.max(1, partitions);
    }

    /** Bytes a new command of {@code size} may still add to {@code silo} in this task (invariant 6). */
    public boolean hasRoom(Silo silo, long size) {
        long used = committed.getOrDefault(silo.getId(), 0L);
        long share = Math.max(0, silo.getCapacityBytes() - used) / partitions;
        return inFlight.getOrDefault(silo.getId(), 0L) + size <= share;
    }
}
