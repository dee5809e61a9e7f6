package io.meridian.watchers.posix;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.watchers.publish.RecordingSink;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The POSIX watcher on real directories and real inotify, publishing into memory. */
@Timeout(60)
class PosixWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PosixWatcherSettings FAST = new PosixWatcherSettings(Duration.ofHours(1), Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofMillis(200), 3, true);

    @TempDir
    Path tmp;

    private final RecordingSink sink = new RecordingSink();
    private PosixWatcher watcher;

    private Path root() throws Exception {
        return Files.createDirectories(tmp.resolve("root"));
    }

    private PosixWatcher start(PosixWatcherSettings settings) throws Exception {
        watcher = new PosixWatcher("nas", root(), "/datasets", settings, sink, tmp.resolve("state/nas.checkpoint"), () -> { });
        watcher.start();
        assertThat(watcher.awaitInitialScan(WAIT)).isTrue();
        return watcher;
    }

    /**
     * Returns once the watcher handled everything queued before this call: its one thread takes lost
     * directories, then notifications, then publishes paths in the order they became due, so when a
     * file made now is published, every earlier rescan and notification has been dealt with.
     */
    private void drain() throws Exception {
        String marker = "drain-" + System.nanoTime();
        Files.writeString(root().resolve(marker), "m");
        sink.await(e -> e.getPath().equals("/datasets/" + marker), WAIT);
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void shouldPublishEveryFileOfTheInitialScanWithItsAttributes() throws Exception {
        Files.createDirectories(root().resolve("train/shard-1"));
        Files.write(root().resolve("train/shard-1/part-0.bin"), new byte[1234]);
        Files.writeString(root().resolve("top.txt"), "hello");

        start(FAST);

        FileEvent part = sink.eventsFor("/datasets/train/shard-1/part-0.bin").get(0);
        assertThat(part.getType()).isEqualTo(FileEventType.UPSERT);
        assertThat(part.getFileType()).isEqualTo(FileType.FILE);
        assertThat(part.getSize()).isEqualTo(1234);
        assertThat(part.getSilo()).isEqualTo("nas");
        assertThat(part.getSource()).isEqualTo(EventSource.POSIX_SCAN);
        assertThat(part.getOwner()).isNotBlank();
        assertThat(part.getFileKey()).matches("\\d+:\\d+");
        Path onDisk = root().resolve("train/shard-1/part-0.bin");
        assertThat(part.getMode()).isEqualTo((Integer) Files.getAttribute(onDisk, "unix:mode") & 07777);
        assertThat(part.getMtime().toEpochMilli()).isEqualTo(Files.getLastModifiedTime(onDisk).toMillis());
        Sequencer.validate(part.getSequencer());
        assertThat(sink.events()).extracting(FileEvent::getPath)
                .containsExactlyInAnyOrder("/datasets/train/shard-1/part-0.bin", "/datasets/top.txt");
    }

    @Test
    void shouldRecordSymlinksWithoutFollowingThemEvenInLoops() throws Exception {
        Path sub = Files.createDirectories(root().resolve("sub"));
        Files.createSymbolicLink(sub.resolve("up"), root());
        Files.createSymbolicLink(root().resolve("a"), root().resolve("b"));
        Files.createSymbolicLink(root().resolve("b"), root().resolve("a"));

        start(FAST);

        FileEvent up = sink.eventsFor("/datasets/sub/up").get(0);
        assertThat(up.getFileType()).isEqualTo(FileType.SYMLINK);
        assertThat(up.getSymlinkTarget()).isEqualTo(root().toString());
        assertThat(sink.eventsFor("/datasets/a").get(0).getSymlinkTarget()).isEqualTo(root().resolve("b").toString());
        assertThat(sink.events()).hasSize(3);
    }

    @Test
    void shouldIgnoreMoversTemporaryFiles() throws Exception {
        Files.writeString(root().resolve(".meridian-tmp-123-data.bin"), "partial");
        Files.createDirectories(root().resolve(".meridian-tmp-dir-1"));
        Files.writeString(root().resolve(".meridian-tmp-dir-1/inside.bin"), "partial"); // a directory being made
        start(FAST);
        Files.writeString(root().resolve(".meridian-tmp-456"), "partial");
        Files.createDirectories(root().resolve("sub/.meridian-tmp-dir-2"));
        Files.writeString(root().resolve("sub/.meridian-tmp-dir-2/inside.bin"), "partial");
        Files.writeString(root().resolve("visible"), "x");

        sink.await(e -> e.getPath().equals("/datasets/visible"), WAIT);
        assertThat(sink.events()).extracting(FileEvent::getPath).noneMatch(p -> p.contains(".meridian-tmp-"));
    }

    @Test
    void shouldSkipNamesThatAreNotValidUtf8OrNotValidPathsWithAReason() throws Exception {
        Path root = root();
        Process touch = new ProcessBuilder("sh", "-c", "touch \"$(printf 'bad\\377name')\"").directory(root.toFile()).start();
        assertThat(touch.waitFor()).isZero();
        Files.writeString(root.resolve("line\nbreak"), "x");
        Files.writeString(root.resolve("good-\u00e9t\u00e9.txt"), "x");

        start(FAST);

        assertThat(sink.events()).extracting(FileEvent::getPath).containsExactly("/datasets/good-\u00e9t\u00e9.txt");
        assertThat(watcher.progress().skippedCount()).isEqualTo(2);
    }

    @Test
    void shouldPublishLiveCreateModifyAndDelete() throws Exception {
        start(FAST);
        Path file = root().resolve("new.bin");

        Files.write(file, new byte[10]);
        sink.await(e -> e.getPath().equals("/datasets/new.bin") && e.getSize() == 10, WAIT);
        Files.write(file, new byte[20], StandardOpenOption.APPEND);
        FileEvent modified = sink.await(e -> e.getPath().equals("/datasets/new.bin") && e.getSize() == 30, WAIT);
        Files.delete(file);
        FileEvent deleted = sink.await(e -> e.getPath().equals("/datasets/new.bin") && e.getType() == FileEventType.DELETE, WAIT);

        assertThat(modified.getSource()).isEqualTo(EventSource.POSIX_WATCH);
        assertThat(Sequencer.compare(deleted.getSequencer(), modified.getSequencer())).isPositive();
    }

    @Test
    void shouldCoalesceABurstOfAppendsIntoAFewEventsTheLastExact() throws Exception {
        start(FAST);
        Path file = root().resolve("burst.log");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1000; i++) {
                out.write(new byte[100]);
                out.flush();
            }
        }

        sink.await(e -> e.getPath().equals("/datasets/burst.log") && e.getSize() == 100_000, WAIT);
        drain();
        List<FileEvent> events = sink.eventsFor("/datasets/burst.log");
        assertThat(events.size()).isBetween(1, 5);
        assertThat(events.get(events.size() - 1).getSize()).isEqualTo(100_000);
    }

    @Test
    void shouldFollowNewDirectoriesAndRenamedDirectories() throws Exception {
        start(FAST);
        Path deep = Files.createDirectories(root().resolve("a/b/c"));
        Files.writeString(deep.resolve("f.txt"), "1");
        sink.await(e -> e.getPath().equals("/datasets/a/b/c/f.txt"), WAIT);

        Files.move(root().resolve("a"), root().resolve("z"));
        sink.await(e -> e.getPath().equals("/datasets/a/b/c/f.txt") && e.getType() == FileEventType.DELETE, WAIT);
        sink.await(e -> e.getPath().equals("/datasets/z/b/c/f.txt") && e.getType() == FileEventType.UPSERT, WAIT);

        // The renamed directory is watched under its new name.
        Files.writeString(root().resolve("z/b/c/later.txt"), "2");
        sink.await(e -> e.getPath().equals("/datasets/z/b/c/later.txt"), WAIT);
        assertThat(sink.events()).extracting(FileEvent::getPath).doesNotContain("/datasets/a/b/c/later.txt");
    }

    @Test
    void shouldRescanOnlyTheSubtreeWhoseNotificationsWereLost() throws Exception {
        Path lost = Files.createDirectories(root().resolve("lost"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(lost.resolve("f" + i), "x");
            Files.writeString(Files.createDirectories(root().resolve("other")).resolve("g" + i), "y");
        }
        start(FAST);
        long scannedBefore = watcher.progress().entries();

        watcher.notificationsLost(lost);
        drain();

        assertThat(watcher.subtreeRescans()).isEqualTo(1);
        // the rescan read the 20 entries below lost/ and nothing else; drain() adds its marker file
        assertThat(watcher.progress().entries() - scannedBefore).isEqualTo(20 + 1);
        assertThat(sink.events()).hasSize(40 + 1); // nothing changed, so the rescan published nothing new
    }

    @Test
    void shouldPublishEveryFileOfAMassCreationEvenWhenNotificationsOverflow() throws Exception {
        start(FAST);
        Path mass = Files.createDirectories(root().resolve("mass"));
        for (int i = 0; i < 3000; i++) {
            Files.writeString(mass.resolve("f" + i), "x");
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sink.events().stream().filter(e -> e.getPath().startsWith("/datasets/mass/")).map(FileEvent::getPath).distinct().count() < 3000
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sink.events().stream().filter(e -> e.getPath().startsWith("/datasets/mass/")).map(FileEvent::getPath).distinct())
                .hasSize(3000);
    }

    @Test
    void shouldCorrectMissedChangesWithAReconciliationScan() throws Exception {
        start(FAST.withLive(false));
        Files.writeString(root().resolve("quiet.txt"), "x");

        watcher.reconcileNow();

        FileEvent found = sink.await(e -> e.getPath().equals("/datasets/quiet.txt"), WAIT);
        assertThat(found.getSource()).isEqualTo(EventSource.POSIX_SCAN);
    }

    @Test
    void shouldPublishOnlyTheChangesMadeWhileStoppedOnRestart() throws Exception {
        Files.writeString(root().resolve("same.txt"), "same");
        Files.writeString(root().resolve("changed.txt"), "v1");
        Files.writeString(root().resolve("removed.txt"), "bye");
        start(FAST);
        watcher.close();
        sink.clear();

        Files.writeString(root().resolve("changed.txt"), "version 2");
        Files.delete(root().resolve("removed.txt"));
        Files.writeString(root().resolve("added.txt"), "new");
        start(FAST);

        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath()).containsExactlyInAnyOrder(
                "UPSERT /datasets/changed.txt", "DELETE /datasets/removed.txt", "UPSERT /datasets/added.txt");
    }
}
