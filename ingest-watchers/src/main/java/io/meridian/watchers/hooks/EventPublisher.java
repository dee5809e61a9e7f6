package io.meridian.watchers.hooks;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.publish.SequenceClock;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * Publishes FileEvents from another JVM program (a storage system's hook, a data loader) to
 * {@code meridian.file-events}: every event is validated like {@code meridian publish} validates a
 * line ({@link EventValidator}: a known silo, a path under its mount, bounded values), gets a sequencer
 * when it has none, and is sent with an idempotent producer keyed by path.
 * {@link #flush} returns once the broker acknowledged everything sent so far. Thread-safe.
 *
 * <pre>{@code
 * try (EventPublisher events = EventPublisher.connect(kafkaProps, registry, Map.of("nas", "/datasets"))) {
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

    /** A publisher to {@code sink} for the silos in {@code mounts} (silo id to mount). */
    public EventPublisher(EventSink sink, Map<String, String> mounts, SequenceClock clock) {
        this.sink = sink;
        this.validator = new EventValidator(mounts, clock);
        this.clock = clock;
    }

    /**
     * A publisher on the Kafka cluster in {@code kafka} (bootstrap.servers and any client property) for
     * the silos in {@code mounts} (silo id to mount, as in the config): events of other silos, or with
     * paths outside their silo's mount, are refused.
     */
    public static EventPublisher connect(Properties kafka, SchemaRegistry registry, Map<String, String> mounts) {
        return new EventPublisher(KafkaEventSink.fileEvents(kafka, registry), mounts, SequenceClock.system());
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
