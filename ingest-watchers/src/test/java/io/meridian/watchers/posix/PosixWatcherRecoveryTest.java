package io.meridian.watchers.posix;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileEvent;
import io.meridian.watchers.publish.EventSink;
import io.meridian.watchers.publish.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher whose publishing fails (the registry or the broker away) does not stop for good: it
 * starts over from its last checkpoint with a full scan, and publishes once publishing works again.
 */
class PosixWatcherRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void shouldStartOverWithAFullScanAfterPublishingFailed() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("nas"));
        Files.writeString(root.resolve("a.bin"), "a");
        Files.writeString(root.resolve("b.bin"), "b");
        RecordingSink recorded = new RecordingSink();
        AtomicInteger failures = new AtomicInteger(3);
        EventSink flaky = new EventSink() {
            @Override
            public void publish(FileEvent event) {
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("schema registry unreachable (test)");
                }
                recorded.publish(event);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        PosixWatcherSettings settings = PosixWatcherSettings.defaults().withLive(false);
        try (PosixWatcher watcher = new PosixWatcher("nas", root, "/datasets", settings, flaky, tmp.resolve("nas.checkpoint"), () -> { })) {
            watcher.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (recorded.events().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(failures.get()).isZero();
        assertThat(recorded.events()).extracting(FileEvent::getPath).containsExactlyInAnyOrder("/datasets/a.bin", "/datasets/b.bin");
    }
}
