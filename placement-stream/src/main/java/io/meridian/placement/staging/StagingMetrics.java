package io.meridian.placement.staging;

import io.meridian.schemas.StagingState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The staging meters, kept by the staging-status tasks of this process:
 * <ul>
 *   <li>{@code meridian_staging_requests{state}}: requests this process reports on, by their current
 *       state (PENDING, STAGING, READY, FAILED, EXPIRED), until their pins end;</li>
 *   <li>{@code meridian_staging_time_to_ready_seconds} (count, sum, max): from a request's first
 *       STAGING status to its first READY (0 when every file was at the site already);</li>
 *   <li>{@code meridian_staging_deadline_misses_total}: requests that became EXPIRED (not every
 *       selected file at the site by the deadline).</li>
 * </ul>
 */
public final class StagingMetrics {
    private final Map<String, StagingState> states = new ConcurrentHashMap<>();
    private final Timer timeToReady;
    private final Counter deadlineMisses;

    public StagingMetrics(MeterRegistry registry) {
        for (StagingState state : StagingState.values()) {
            Gauge.builder("meridian.staging.requests", states, s -> s.values().stream().filter(state::equals).count())
                    .tag("state", state.name()).description("Staging requests by current state").register(registry);
        }
        timeToReady = Timer.builder("meridian.staging.time.to.ready")
                .description("From a staging request's first STAGING status to its first READY").register(registry);
        deadlineMisses = Counter.builder("meridian.staging.deadline.misses")
                .description("Staging requests that were not READY by their deadline (EXPIRED)").register(registry);
    }

    /** A request's state as its task last computed it; a first READY or EXPIRED is counted. */
    void state(String requestId, StagingState state, Long startedAt, boolean firstReady, long now) {
        StagingState before = states.put(requestId, state);
        if (firstReady) {
            timeToReady.record(Duration.ofMillis(startedAt == null ? 0 : Math.max(0, now - startedAt)));
        }
        if (state == StagingState.EXPIRED && before != StagingState.EXPIRED) {
            deadlineMisses.increment();
        }
    }

    /** The request is no longer reported on here (released, or its task left this process). */
    void forget(String requestId) {
        states.remove(requestId);
    }
}
