package io.meridian.placement.staging;

import java.util.Map;
import java.util.TreeMap;

/**
 * The summed state of one staging request (value of the {@code placement-staging-totals} store):
 * the latest progress of each partition, when staging started (for the ETA) and the last state
 * published. READY, FAILED and EXPIRED are final.
 */
public record StagingTotals(String requestId, Map<Integer, StagingProgress> parts, Long startedAt, String state) {
    public StagingTotals {
        parts = new TreeMap<>(parts == null ? Map.of() : parts);
    }

    public StagingTotals with(StagingProgress progress) {
        Map<Integer, StagingProgress> next = new TreeMap<>(parts);
        next.put(progress.partition(), progress);
        return new StagingTotals(requestId, next, startedAt, state);
    }

    public StagingTotals inState(String newState, Long started) {
        return new StagingTotals(requestId, parts, started, newState);
    }

    public boolean terminal() {
        return "READY".equals(state) || "FAILED".equals(state) || "EXPIRED".equals(state);
    }
}
