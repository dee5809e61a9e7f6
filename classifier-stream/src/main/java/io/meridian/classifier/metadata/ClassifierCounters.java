package io.meridian.classifier.metadata;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The classifier's meters, shared by the tasks of one app and registered on the process's registry
 * when built, so every family is scraped from start-up:
 * <ul>
 *   <li>{@code meridian_classifier_events_total{kind}}: inputs processed, by kind (file_event,
 *       file_tags, directory_tags, move_result, access); refused ones included;</li>
 *   <li>{@code meridian_classifier_dead_letters_total}: inputs the processor refused and sent to
 *       meridian.dead-letters (invalid, not unparseable: those the Streams handler counts in the log);</li>
 *   <li>{@code meridian_classifier_stale_events_dropped_total}: events dropped because their instance
 *       already had a newer one (invariant 4);</li>
 *   <li>{@code meridian_classifier_records_written_total}: inputs that changed a file's record.</li>
 * </ul>
 * The accessors read the same counters, for commands, tests and benchmarks.
 */
public final class ClassifierCounters {
    private final Map<Input.Kind, Counter> events = new EnumMap<>(Input.Kind.class);
    private final Counter staleDropped;
    private final Counter deadLettered;
    private final Counter applied;

    /** Counters on a registry of their own (tests, benchmarks). */
    public ClassifierCounters() {
        this(new SimpleMeterRegistry());
    }

    /** Counters registered on {@code registry}. */
    public ClassifierCounters(MeterRegistry registry) {
        for (Input.Kind kind : Input.Kind.values()) {
            events.put(kind, Counter.builder("meridian.classifier.events").tag("kind", kind.name().toLowerCase())
                    .description("Inputs the classifier processed, by kind").register(registry));
        }
        staleDropped = Counter.builder("meridian.classifier.stale.events.dropped")
                .description("File events dropped because their instance already had a newer one").register(registry);
        deadLettered = Counter.builder("meridian.classifier.dead.letters")
                .description("Inputs the classifier refused and sent to meridian.dead-letters").register(registry);
        applied = Counter.builder("meridian.classifier.records.written")
                .description("Inputs that changed a file's record in meridian.metadata").register(registry);
    }

    /** Events dropped because their instance already had a newer one (invariant 4). */
    public long staleDropped() {
        return (long) staleDropped.count();
    }

    /** Inputs sent to meridian.dead-letters by the processor (invalid, not unparseable). */
    public long deadLettered() {
        return (long) deadLettered.count();
    }

    /** Inputs that changed a record. */
    public long applied() {
        return (long) applied.count();
    }

    /** Inputs of {@code kind} processed. */
    public long events(Input.Kind kind) {
        return (long) events.get(kind).count();
    }

    void incrementEvents(Input.Kind kind) {
        events.get(kind).increment();
    }

    long incrementStale() {
        staleDropped.increment();
        return (long) staleDropped.count();
    }

    void incrementDeadLettered() {
        deadLettered.increment();
    }

    void incrementApplied() {
        applied.increment();
    }
}
