package io.meridian.watchers.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.watchers.publish.RecordingSink;
import io.meridian.watchers.publish.SequenceClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CheckpointTest {
    @TempDir
    Path dir;

    private static FileEvent upsert(String path, long size) {
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        return FileEvent.newBuilder().setPath(path).setSilo("nas").setType(FileEventType.UPSERT).setSize(size)
                .setMtime(t).setSequencer("1700000000000000-1").setSource(EventSource.POSIX_SCAN).setObservedAt(t).build();
    }

    @Test
    void shouldRoundTripStateThroughItsFile() {
        Checkpoint checkpoint = Checkpoint.load(dir.resolve("nas.checkpoint"));
        checkpoint.record("/d/a b.bin", 0x8000_0000_0000_0001L, 0); // negative as a long: written unsigned
        checkpoint.record("/d/ü/c", 42, 0);
        checkpoint.save();

        Checkpoint loaded = Checkpoint.load(dir.resolve("nas.checkpoint"));

        assertThat(loaded.size()).isEqualTo(2);
        assertThat(loaded.record("/d/a b.bin", 7, 1)).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(loaded.record("/d/ü/c", 7, 1)).isEqualTo(42);
        assertThat(loaded.record("/d/new", 7, 1)).isEqualTo(Fingerprint.NONE);
        assertThat(dir.resolve("nas.checkpoint.tmp")).doesNotExist();
    }

    @Test
    void shouldRefuseAFileThatIsNotACheckpoint() throws Exception {
        Files.writeString(dir.resolve("x.checkpoint"), "hello\n");

        assertThatThrownBy(() -> Checkpoint.load(dir.resolve("x.checkpoint")))
                .hasMessageContaining("not a Meridian checkpoint").hasMessageContaining("delete it");
    }

    @Test
    void shouldListOnlyPathsInsideADirectoryPrefix() {
        Checkpoint checkpoint = Checkpoint.load(dir.resolve("c"));
        checkpoint.record("/d/a/1", 5, 0);
        checkpoint.record("/d/a/2/3", 5, 0);
        checkpoint.record("/d/ab", 5, 0);

        assertThat(checkpoint.pathsUnder("/d/a/", p -> true)).containsExactly("/d/a/1", "/d/a/2/3");
    }

    @Test
    void shouldPublishOnlyChangedStatesAndDeletePathsASweepDidNotSee() {
        RecordingSink sink = new RecordingSink();
        ChangeTracker tracker = new ChangeTracker("nas", Checkpoint.load(dir.resolve("c")), sink, SequenceClock.system());

        assertThat(tracker.offer(upsert("/d/a", 1))).isTrue();
        assertThat(tracker.offer(upsert("/d/a", 1))).isFalse();
        assertThat(tracker.offer(upsert("/d/a", 2))).isTrue();
        tracker.offer(upsert("/d/b", 1));
        tracker.offer(upsert("/d/kept-unreadable/c", 1));
        long sweep = tracker.beginSweep();
        tracker.offer(upsert("/d/a", 2));
        assertThat(tracker.deleteUnseen("/d/", sweep, p -> p.startsWith("/d/kept-unreadable/"), EventSource.POSIX_SCAN)).isEqualTo(1);

        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath() + " " + e.getSize())
                .containsExactly("UPSERT /d/a 1", "UPSERT /d/a 2", "UPSERT /d/b 1", "UPSERT /d/kept-unreadable/c 1", "DELETE /d/b 0");
        tracker.commit();
        assertThat(Checkpoint.load(dir.resolve("c")).pathsUnder("/", p -> true)).containsExactly("/d/a", "/d/kept-unreadable/c");
    }

    @Test
    void shouldPublishEveryFileOfAVersion1CheckpointOnceAndStillFindItsDeletes() throws Exception {
        Files.writeString(dir.resolve("c"), "meridian-checkpoint v1\n/d/a\tFILE|1|1700000000000||||||\n/d/gone\tFILE|1|||||||\n");
        RecordingSink sink = new RecordingSink();
        ChangeTracker tracker = new ChangeTracker("nas", Checkpoint.load(dir.resolve("c")), sink, SequenceClock.system());

        long sweep = tracker.beginSweep();
        assertThat(tracker.offer(upsert("/d/a", 1))).isTrue();
        assertThat(tracker.offer(upsert("/d/a", 1))).isFalse();
        tracker.deleteUnseen("/d/", sweep, p -> false, EventSource.POSIX_SCAN);

        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath()).containsExactly("UPSERT /d/a", "DELETE /d/gone");
    }

    @Test
    void shouldKeepTheFingerprintsThatSavedCheckpointsHold() {
        // A restart compares against fingerprints saved by earlier runs: the function must not drift.
        FileEvent file = FileEvent.newBuilder(upsert("/d/a", 7)).setFileType(FileType.FILE).setMode(0644)
                .setOwner("ml\tteam").setFileKey("2049:12").build();
        FileEvent object = FileEvent.newBuilder(upsert("/d/o", 9)).setEtag("e1").setVersionId("v2").build();

        assertThat(Long.toHexString(Fingerprint.of(file))).isEqualTo("b5872990cd30e97c");
        assertThat(Long.toHexString(Fingerprint.of(object))).isEqualTo("daf3a763aca9458f");
    }

    @Test
    void shouldTellStatesApartByEveryFieldButWhenAndByWhomTheyWereSeen() {
        FileEvent base = FileEvent.newBuilder(upsert("/d/a", 7)).setMode(0644).setOwner("ml").setFileKey("1:2").build();
        long fingerprint = Fingerprint.of(base);

        assertThat(Fingerprint.of(FileEvent.newBuilder(base).setObservedAt(Instant.EPOCH).setSequencer("2-2")
                .setSource(EventSource.POSIX_WATCH).build())).isEqualTo(fingerprint);
        assertThat(java.util.List.of(
                FileEvent.newBuilder(base).setSize(8).build(),
                FileEvent.newBuilder(base).setMtime(Instant.EPOCH).build(),
                FileEvent.newBuilder(base).setMode(0600).build(),
                FileEvent.newBuilder(base).setMode(null).build(),
                FileEvent.newBuilder(base).setOwner("m").build(),
                FileEvent.newBuilder(base).setOwner("").build(),
                FileEvent.newBuilder(base).setOwner(null).build(),
                FileEvent.newBuilder(base).setFileKey("1:3").build(),
                FileEvent.newBuilder(base).setFileType(FileType.SYMLINK).setSymlinkTarget("x").build(),
                FileEvent.newBuilder(base).setEtag("e").build(),
                FileEvent.newBuilder(base).setVersionId("v").build()))
                .extracting(Fingerprint::of).doesNotContain(fingerprint).doesNotHaveDuplicates();
    }
}
