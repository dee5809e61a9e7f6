package io.meridian.watchers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.SiloKind;
import io.meridian.watchers.posix.PosixWatcher;
import io.meridian.watchers.posix.PosixWatcherSettings;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.RecordingSink;
import io.meridian.watchers.view.SiloView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatcherMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path tmp;

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldCountEventsBySourceAndTheLagOfTheLatestLiveOne() {
        WatcherMetrics metrics = new WatcherMetrics(meters, "bucket", SiloKind.S3, Clock.fixed(NOW, ZoneOffset.UTC));
        RecordingSink recorded = new RecordingSink();
        EventSink sink = metrics.meter(recorded);

        sink.publish(event(EventSource.S3_LIST, NOW.minusSeconds(3600)));
        sink.publish(event(EventSource.S3_NOTIFICATION, NOW.minusSeconds(4)));

        assertThat(recorded.events()).hasSize(2);
        assertThat(published("bucket", "S3_LIST")).isEqualTo(1);
        assertThat(published("bucket", "S3_NOTIFICATION")).isEqualTo(1);
        assertThat(meters.get("meridian.watcher.notification.lag").tag("silo", "bucket").gauge().value())
                .as("a listing is no notification: only the live event's lag counts").isEqualTo(4.0);
    }

    @Test
    void shouldCountTheEntriesAndTheEndOfAFullScan() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(Files.createDirectories(root.resolve("d")).resolve("b.txt"), "b");
        WatcherMetrics metrics = new WatcherMetrics(meters, "nas", SiloKind.POSIX, Clock.systemUTC());
        PosixWatcherSettings noLive = new PosixWatcherSettings(Duration.ofHours(1), Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofMillis(200), 2, false);
        try (PosixWatcher watcher = new PosixWatcher("nas", root, "/datasets", noLive, new RecordingSink(),
                tmp.resolve("nas.checkpoint"), SiloView.NONE, () -> { }, metrics)) {
            watcher.start();
            assertThat(watcher.awaitInitialScan(Duration.ofSeconds(10))).isTrue();

            assertThat(meters.get("meridian.watcher.scans").tag("silo", "nas").counter().count()).isEqualTo(1);
            assertThat(meters.get("meridian.watcher.scan.entries").tag("silo", "nas").counter().count()).isGreaterThanOrEqualTo(2);
            assertThat(meters.get("meridian.watcher.scan.running").tag("silo", "nas").gauge().value()).isZero();
            assertThat(published("nas", "POSIX_SCAN")).isEqualTo(2);
            assertThat(published("nas", "POSIX_WATCH")).isZero();
        }
    }

    private double published(String silo, String source) {
        return meters.get("meridian.watcher.events.published").tag("silo", silo).tag("source", source).counter().count();
    }

    private static FileEvent event(EventSource source, Instant mtime) {
        return FileEvent.newBuilder().setPath("/b/k").setSilo("bucket").setType(FileEventType.UPSERT).setSize(1)
                .setMtime(mtime).setSequencer("1").setSource(source).setObservedAt(NOW).build();
    }
}
