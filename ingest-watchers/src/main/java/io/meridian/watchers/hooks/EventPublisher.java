package io.meridian.watchers.hooks;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.publish.SequenceClock;
import java.time.Instant;
import java.util.Collection;
import java.util.Properties;

/**
 * Publishes FileEvents from another JVM program (a storage system's hook, a data loader) to
 * {@code meridian.file-events}: every event is validated like {@code meridian publish} validates a
 * line, gets a sequencer when it has none, and is sent with an idempotent producer keyed by path.
 * {@link #flush} returns once the broker acknowledged everything sent so far. Thread-safe.
 *
 * <pre>{@code
 * try (EventPublisher events = EventPublisher.connect(kafkaProps, registry, List.of("nas"))) {
 *     events.upsert("nas", "/datasets/train/part-0001.parquet", 1_048_576, Instant.now());
 *     events.delete("nas", "/datasets/train/old.parquet");
 *     events.flush();
 * }
 * }</pre>
 */
public final class EventPublisher implements AutoCloseable {
    private final EventSink sink;
    private final EventValidator validator;
    private final SequenceClock clock;

    public EventPublisher(EventSink sink, Collection<String> silos, SequenceClock clock) {
        this.sink = sink;
        this.validator = new EventValidator(silos, clock);
        this.clock = clock;
    }

    /** A publisher on the Kafka cluster in {@code kafka} (bootstrap.servers and any client property). */
    public static EventPublisher connect(Properties kafka, SchemaRegistry registry, Collection<String> silos) {
        return new EventPublisher(KafkaEventSink.fileEvents(kafka, registry), silos, SequenceClock.system());
    }

    /** A builder with the silo, path, a fresh sequencer, source HOOK and the observation time filled in. */
    public FileEvent.Builder event(String silo, String path) {
        Instant now = clock.now();
        return FileEvent.newBuilder().setSilo(silo).setPath(path).setMtime(now)
                .setSequencer(clock.next(now)).setSource(EventSource.HOOK).setObservedAt(now);
    }

    /** The file exists with this size and mtime. */
    public void upsert(String silo, String path, long size, Instant mtime) {
        publish(event(silo, path).setType(FileEventType.UPSERT).setSize(size).setMtime(mtime).build());
    }

    /** The file is gone. */
    public void delete(String silo, String path) {
        publish(event(silo, path).setType(FileEventType.DELETE).build());
    }

    /** Validates and sends; throws IllegalArgumentException with the reason and sends nothing when invalid. */
    public void publish(FileEvent event) {
        sink.publish(validator.check(event));
    }

    /** Waits until everything sent so far is acknowledged; throws if anything failed. */
    public void flush() {
        sink.flush();
    }

    @Override
    public void close() {
        sink.close();
    }
}
