package io.meridian.watchers.posix;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.watchers.checkpoint.ChangeTracker;
import io.meridian.watchers.checkpoint.Checkpoint;
import io.meridian.watchers.publish.RecordingSink;
import io.meridian.watchers.publish.SequenceClock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner's handling of unreadable directories. Tests run as root, which reads through
 * {@code chmod 000}, so the directory listing is refused through the scanner's lister seam.
 */
@Timeout(30)
class TreeScannerTest {
    @TempDir
    Path root;

    private final SequenceClock clock = SequenceClock.system();

    private TreeScanner scannerRefusing(EntryReader reader, Path refused) {
        return new TreeScanner(reader, 3, 16, dir -> {
            if (dir.equals(refused)) {
                throw new AccessDeniedException(dir.toString(), null, "Permission denied");
            }
            return Files.newDirectoryStream(dir);
        });
    }

    @Test
    void shouldReportAnUnreadableDirectoryAndScanEverythingElse() throws Exception {
        Path secret = Files.createDirectories(root.resolve("secret"));
        Files.writeString(secret.resolve("hidden"), "x");
        for (int i = 0; i < 100; i++) {
            Files.writeString(Files.createDirectories(root.resolve("open/d" + (i % 7))).resolve("f" + i), "x");
        }
        EntryReader reader = new EntryReader("nas", root, "/m", clock);
        List<Observation> seen = new ArrayList<>();

        scannerRefusing(reader, secret).scan(root, EventSource.POSIX_SCAN, dir -> { }, seen::add);

        List<Observation> unreadable = seen.stream().filter(o -> o.kind() == Observation.Kind.UNREADABLE).toList();
        assertThat(unreadable).hasSize(1);
        assertThat(unreadable.get(0).event().getPath()).isEqualTo("/m/secret");
        assertThat(unreadable.get(0).event().getType()).isEqualTo(FileEventType.UNREADABLE);
        assertThat(unreadable.get(0).event().getMessage()).contains("AccessDeniedException");
        assertThat(seen.stream().filter(o -> o.kind() == Observation.Kind.ENTRY)).hasSize(100);
    }

    @Test
    void shouldNotDeleteKnownFilesOfADirectoryThatBecameUnreadable() throws Exception {
        Path secret = Files.createDirectories(root.resolve("secret"));
        Files.writeString(secret.resolve("hidden"), "x");
        Files.writeString(root.resolve("visible"), "x");
        EntryReader reader = new EntryReader("nas", root, "/m", clock);
        RecordingSink sink = new RecordingSink();
        Checkpoint checkpoint = Checkpoint.load(root.resolveSibling(root.getFileName() + ".checkpoint"));
        checkpoint.record("/m/secret/hidden", 5, 0);
        checkpoint.record("/m/gone", 5, 0);
        PathSync sync = new PathSync("nas", reader, scannerRefusing(reader, secret), new ScanProgress("nas", null),
                new ChangeTracker("nas", checkpoint, sink, clock));

        sync.scan(root, EventSource.POSIX_SCAN, dir -> { });

        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath()).containsExactlyInAnyOrder(
                "UNREADABLE /m/secret", "UPSERT /m/visible", "DELETE /m/gone");
        assertThat(checkpoint.contains("/m/secret/hidden")).isTrue();
    }

    @Test
    void shouldFinishWhenTheRootItselfIsUnreadable() throws Exception {
        EntryReader reader = new EntryReader("nas", root, "/m", clock);
        List<Observation> seen = new ArrayList<>();

        scannerRefusing(reader, root).scan(root, EventSource.POSIX_SCAN, dir -> { }, seen::add);

        assertThat(seen).extracting(o -> o.event().getPath()).containsExactly("/m");
        FileEvent event = seen.get(0).event();
        assertThat(event.getType()).isEqualTo(FileEventType.UNREADABLE);
    }
    @Test
    void shouldNeverListADirectorySwappedForASymlinkAfterItWasSeen() throws Exception {
        Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-outside"));
        Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        Path d = Files.createDirectories(root.resolve("d"));
        Files.writeString(d.resolve("inside"), "x");
        Files.createSymbolicLink(root.resolve("link"), outside);
        EntryReader reader = new EntryReader("nas", root, "/m", clock);
        List<Observation> seen = new ArrayList<>();

        new TreeScanner(reader, 2).scan(root, EventSource.POSIX_SCAN, dir -> {
            if (dir.equals(d)) { // seen as a directory, now swapped for a symlink before it is listed
                try {
                    Files.move(d, root.resolveSibling(root.getFileName() + "-moved"));
                    Files.createSymbolicLink(d, outside);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, seen::add);
        // a rescan of a directory that is a symlink by now (as after an inotify overflow)
        new TreeScanner(reader, 2).scan(root.resolve("link"), EventSource.POSIX_SCAN, dir -> { }, seen::add);

        assertThat(seen).noneMatch(o -> o.path().toString().contains("passwd"));
        assertThat(seen).filteredOn(o -> o.kind() == Observation.Kind.ENTRY).extracting(o -> o.event().getPath())
                .containsExactly("/m/link");
        assertThat(seen).filteredOn(o -> o.kind() == Observation.Kind.UNREADABLE)
                .extracting(o -> o.event().getPath() + ": " + o.reason())
                .containsExactlyInAnyOrder("/m/d: cannot read directory: FileSystemException " + d
                        + ": path component 'd' is a symlink; Meridian never follows symlinks",
                        "/m/link: cannot read directory: FileSystemException " + root.resolve("link")
                        + ": path component 'link' is a symlink; Meridian never follows symlinks");
    }
}
