package io.meridian.classifier.metadata;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one classifier app, shared by its tasks: exposed for {@code meridian} commands,
 * tests and benchmarks, next to the Kafka Streams metrics the processor records.
 */
public final class ClassifierCounters {
    private final AtomicLong staleDropped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();

    /** Events dropped because their instance already had a newer one (invariant 4). */
    public long staleDropped() {
        return staleDropped.get();
    }

    /** Inputs sent to meridian.dead-letters by the processor (invalid, not unparseable). */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Inputs that changed a record. */
    public long applied() {
        return applied.get();
    }

    long incrementStale() {
        return staleDropped.incrementAndGet();
    }

    void incrementDeadLettered() {
        deadLettered.incrementAndGet();
    }

    void incrementApplied() {
        applied.incrementAndGet();
    }
}
