package io.meridian.watchers.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.watchers.publish.RecordingSink;
import io.meridian.watchers.publish.SequenceClock;
import io.meridian.watchers.view.HeldInstance;
import io.meridian.watchers.view.MapView;
import io.meridian.watchers.view.SiloView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A sweep makes the global view of its prefix equal to what it saw (DESIGN.md invariant 10), not
 * just the watcher's checkpoint: instances others published that storage does not have are retired,
 * files the view lost are published again, and DELETEs observed by others are never dropped.
 */
class ChangeTrackerViewTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final MutableClock time = new MutableClock(T0);
    private final RecordingSink sink = new RecordingSink();
    private final MapView view = new MapView();
    private final ChangeTracker tracker = new ChangeTracker("nas", Checkpoint.load(Path.of("/nonexistent/cp")), sink,
            new SequenceClock(time), view);

    @Test
    void shouldRetireAnInstanceAHookPublishedThatTheScanDidNotFind() {
        view.put("/d/ghost.bin", held(T0.minusSeconds(600), 5)); // a hook said so; the disk never had it
        time.advance(Duration.ofSeconds(1));

        long sweep = tracker.beginSweep();
        tracker.offer(upsert("/d/real.bin", 3));
        tracker.deleteUnseen("/d/", sweep, path -> false, EventSource.POSIX_SCAN);

        FileEvent retire = sink.eventsFor("/d/ghost.bin").get(0);
        assertThat(retire.getType()).isEqualTo(FileEventType.DELETE);
        assertThat(retire.getMessage()).contains("not found by the scan of silo nas");
        assertThat(Sequencer.isNewer(retire.getSequencer(), view.get("/d/ghost.bin").sequencer())).isTrue();
        assertThat(tracker.retired()).isEqualTo(1);
    }

    @Test
    void shouldLeaveWhatChangedSinceTheSweepBeganOutsideItsPrefixOrBelowAnUnreadableDirectory() {
        time.advance(Duration.ofSeconds(10));
        view.put("/d/fresh.bin", held(T0.plusSeconds(10), 1));      // published while the sweep ran: the next sweep judges it
        view.put("/e/other.bin", held(T0, 1));                      // not under the swept prefix
        view.put("/d/locked/x.bin", held(T0, 1));                   // below a directory the scan could not read

        long sweep = tracker.beginSweep();
        tracker.deleteUnseen("/d/", sweep, path -> path.startsWith("/d/locked/"), EventSource.POSIX_SCAN);

        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldRetireNothingWithoutAView() {
        ChangeTracker alone = new ChangeTracker("nas", Checkpoint.load(Path.of("/nonexistent/cp")), sink,
                new SequenceClock(time), SiloView.NONE);
        long sweep = alone.beginSweep();
        alone.deleteUnseen("/d/", sweep, path -> false, EventSource.POSIX_SCAN);
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void shouldPublishAgainAnUnchangedFileTheViewLostOnlyOnceItStaysLost() {
        long first = tracker.beginSweep();
        assertThat(tracker.offer(upsert("/d/a.bin", 3))).isTrue();
        tracker.deleteUnseen("/d/", first, path -> false, EventSource.POSIX_SCAN);
        sink.clear(); // the view never got it (say a newer wrong DELETE from a hook won)

        time.advance(Duration.ofSeconds(1));
        tracker.beginSweep();
        assertThat(tracker.offer(upsert("/d/a.bin", 3))).as("the view may just lag").isFalse();
        time.advance(ChangeTracker.REPUBLISH_AFTER);
        tracker.beginSweep();
        assertThat(tracker.offer(upsert("/d/a.bin", 3))).isTrue();
        assertThat(tracker.republished()).isEqualTo(1);

        view.apply(sink.events().get(0));
        time.advance(ChangeTracker.REPUBLISH_AFTER.multipliedBy(2));
        tracker.beginSweep();
        assertThat(tracker.offer(upsert("/d/a.bin", 3))).as("the view has it now").isFalse();
    }

    @Test
    void shouldPublishOnlyWhatTheViewLacksInTheFirstSweepOfATakeoverWithoutCheckpoint() {
        view.put("/d/same.bin", held(T0, 3)).put("/d/changed.bin", held(T0, 3));
        assertThat(tracker.awaitViewBeforeFirstSweep(Duration.ofSeconds(1))).isTrue();

        long sweep = tracker.beginSweep();
        assertThat(tracker.offer(upsert("/d/same.bin", 3))).isFalse();
        assertThat(tracker.offer(upsert("/d/changed.bin", 4))).isTrue();
        assertThat(tracker.offer(upsert("/d/new.bin", 1))).isTrue();
        tracker.deleteUnseen("/d/", sweep, path -> false, EventSource.POSIX_SCAN);
        assertThat(sink.events()).extracting(FileEvent::getPath).containsExactly("/d/changed.bin", "/d/new.bin");

        // After the first sweep, a path new to the checkpoint is news even when the view still holds it
        // (deleted and created again with the same size and mtime before the view saw the delete).
        view.put("/d/again.bin", held(T0, 2));
        assertThat(tracker.offer(upsert("/d/again.bin", 2))).isTrue();
        assertThat(tracker.awaitViewBeforeFirstSweep(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void shouldPublishADeleteNotificationForAPathItNeverSaw() {
        FileEvent delete = FileEvent.newBuilder().setPath("/d/x.bin").setSilo("nas").setType(FileEventType.DELETE)
                .setMtime(T0).setSequencer(Sequencer.of(T0, "0b")).setSource(EventSource.S3_NOTIFICATION).setObservedAt(T0).build();
        tracker.delete(delete);
        assertThat(sink.events()).containsExactly(delete);
    }

    @Test
    void shouldDeleteWhatOnlyTheViewHeldWhenADirectoryDisappears() {
        view.put("/d/sub/hooked.bin", held(T0, 1));
        tracker.offer(upsert("/d/sub/seen.bin", 1));
        tracker.offer(upsert("/d/subway.bin", 1));
        sink.clear();

        tracker.deleteTree("/d/sub", EventSource.POSIX_WATCH);

        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath())
                .containsExactlyInAnyOrder("DELETE /d/sub/hooked.bin", "DELETE /d/sub/seen.bin");
    }

    private static HeldInstance held(Instant at, long size) {
        return new HeldInstance(Sequencer.of(at, "1"), size, null, at.toEpochMilli());
    }

    private FileEvent upsert(String path, long size) {
        Instant now = time.instant();
        return FileEvent.newBuilder().setPath(path).setSilo("nas").setType(FileEventType.UPSERT).setFileType(FileType.FILE)
                .setSize(size).setMtime(T0).setSequencer(new SequenceClock(time).next(now)).setSource(EventSource.POSIX_SCAN)
                .setObservedAt(now).build();
    }
}
