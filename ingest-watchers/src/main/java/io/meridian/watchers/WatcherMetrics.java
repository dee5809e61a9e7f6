package io.meridian.watchers;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.SiloKind;
import io.meridian.watchers.publish.EventSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of the watcher of one silo, labelled {@code silo}, registered when the watcher is built:
 * <ul>
 *   <li>{@code meridian_watcher_events_published_total{silo,source}}: FileEvents the watcher handed to
 *       Kafka, by source (POSIX_SCAN and POSIX_WATCH, or S3_LIST and S3_NOTIFICATION);</li>
 *   <li>{@code meridian_watcher_scan_entries_total{silo}}: entries (files, objects) full scans and
 *       listings have read; its rate is the scan's progress;</li>
 *   <li>{@code meridian_watcher_scans_total{silo}}: full scans and listings completed;</li>
 *   <li>{@code meridian_watcher_scan_running{silo}}: 1 while a full scan or listing runs;</li>
 *   <li>{@code meridian_watcher_notification_lag_seconds{silo}}: for the latest live event (inotify,
 *       S3 notification), how long after the change (its mtime, or the notification's eventTime) it
 *       was published.</li>
 * </ul>
 */
public final class WatcherMetrics {
    private final Map<EventSource, Counter> published = new EnumMap<>(EventSource.class);
    private final Counter scanEntries;
    private final Counter scans;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Clock clock;

    /** The meters of the watcher of {@code silo}, on {@code registry}. */
    public WatcherMetrics(MeterRegistry registry, String silo, SiloKind kind, Clock clock) {
        this.clock = clock;
        List<EventSource> sources = kind == SiloKind.POSIX ? List.of(EventSource.POSIX_SCAN, EventSource.POSIX_WATCH)
                : List.of(EventSource.S3_LIST, EventSource.S3_NOTIFICATION);
        for (EventSource source : sources) {
            published.put(source, Counter.builder("meridian.watcher.events.published").tag("silo", silo)
                    .tag("source", source.name()).description("FileEvents a watcher published, by source").register(registry));
        }
        scanEntries = Counter.builder("meridian.watcher.scan.entries").tag("silo", silo)
                .description("Entries full scans and listings of the silo have read").register(registry);
        scans = Counter.builder("meridian.watcher.scans").tag("silo", silo)
                .description("Full scans and listings of the silo completed").register(registry);
        Gauge.builder("meridian.watcher.scan.running", running, AtomicInteger::get).tag("silo", silo)
                .description("1 while a full scan or listing of the silo runs").register(registry);
        Gauge.builder("meridian.watcher.notification.lag", lagMillis, l -> l.get() / 1000.0).tag("silo", silo)
                .baseUnit("seconds").description("How long after the change the latest live event of the silo was published")
                .register(registry);
    }

    /** Meters on a registry of their own (watchers built without a stage context: tests). */
    public static WatcherMetrics unregistered(String silo, SiloKind kind) {
        return new WatcherMetrics(new SimpleMeterRegistry(), silo, kind, Clock.systemUTC());
    }

    /** {@code sink}, counting each event published through it. */
    public EventSink meter(EventSink sink) {
        return new EventSink() {
            @Override
            public void publish(FileEvent event) {
                sink.publish(event);
                published(event);
            }

            @Override
            public void flush() {
                sink.flush();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }

    void published(FileEvent event) {
        Counter counter = published.get(event.getSource());
        if (counter != null) {
            counter.increment();
        }
        boolean live = event.getSource() == EventSource.POSIX_WATCH || event.getSource() == EventSource.S3_NOTIFICATION;
        if (live && event.getMtime() != null) {
            lagMillis.set(Math.max(0, clock.millis() - event.getMtime().toEpochMilli()));
        }
    }

    /** A full scan or listing starts. */
    public void scanStarted() {
        running.set(1);
    }

    /** A scan read {@code entries} more entries. */
    public void scanEntries(long entries) {
        scanEntries.increment(entries);
    }

    /** A full scan or listing ended; {@code completed} when it read everything. */
    public void scanEnded(boolean completed) {
        running.set(0);
        if (completed) {
            scans.increment();
        }
    }
}
