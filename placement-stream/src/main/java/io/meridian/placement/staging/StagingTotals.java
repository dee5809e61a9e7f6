package io.meridian.placement.staging;

import java.util.Map;
import java.util.TreeMap;

/**
 * The summed state of one staging request (value of the {@code placement-staging-totals} store):
 * the latest progress of each partition, when staging started (for the ETA), the last state
 * published and when the request was first READY (null before). FAILED and EXPIRED are final; READY
 * is not: it holds only while every selected file is at the site.
 */
public record StagingTotals(String requestId, Map<Integer, StagingProgress> parts, Long startedAt, String state,
                            Long readyAt) {
    public StagingTotals {
        parts = new TreeMap<>(parts == null ? Map.of() : parts);
    }

    public StagingTotals with(StagingProgress progress) {
        Map<Integer, StagingProgress> next = new TreeMap<>(parts);
        next.put(progress.partition(), progress);
        return new StagingTotals(requestId, next, startedAt, state, readyAt);
    }

    public StagingTotals inState(String newState, Long started, Long firstReady) {
        return new StagingTotals(requestId, parts, started, newState, firstReady);
    }

    public boolean terminal() {
        return "FAILED".equals(state) || "EXPIRED".equals(state);
    }
}
