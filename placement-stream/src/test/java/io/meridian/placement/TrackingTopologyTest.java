package io.meridian.placement;

import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static io.meridian.placement.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.tracking.StuckFile;
import io.meridian.placement.tracking.TrackedCommand;
import io.meridian.placement.tracking.Tracker;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.PlacementAction;
import io.meridian.schemas.PlacementControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackingTopologyTest {
    private static final String PATH = "/datasets/train/a.bin";
    private final PlacementDriver placement = new PlacementDriver();
    private final FileRecord tagged = record(PATH, 1, Map.of("stage", "training"), instance("nas", 1000, 42L));

    @BeforeEach
    void policies() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of(Fixtures.trainingOnNvme()));
    }

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldNotIssueSecondCommandWhileOneIsInFlight() {
        placement.file(tagged);
        placement.file(record(PATH, 2, Map.of("stage", "training", "owner", "ml"), instance("nas", 1000, 42L)));
        placement.tick();

        assertThat(placement.commands.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldNotReissueAfterSuccessUntilRecordShowsTheCopy() {
        placement.file(tagged);
        MoveCommand copy = placement.commands.readValue();
        placement.results.pipeInput(PATH, result(copy, MoveStatus.SUCCEEDED));
        placement.file(record(PATH, 2, Map.of("stage", "training", "x", "y"), instance("nas", 1000, 42L)));
        assertThat(placement.commands.isEmpty()).as("a lagging record must not cause the copy again").isTrue();

        placement.file(record(PATH, 3, Map.of("stage", "training"), instance("nas", 1000, 42L), instance("gpu-nvme", 1000, 42L)));
        placement.advance(Duration.ofMinutes(5));
        assertThat(placement.commands.isEmpty()).isTrue();
        assertThat(inflight().get(PATH)).isNull();
    }

    @Test
    void shouldRetryFailuresWithGrowingBackoffThenParkTheFileAsStuck() {
        placement.file(tagged);
        MoveCommand first = placement.commands.readValue();
        placement.results.pipeInput(PATH, result(first, MoveStatus.FAILED));
        assertThat(placement.commands.isEmpty()).as("a failure is retried after a backoff, not at once").isTrue();
        placement.tick();
        MoveCommand second = placement.commands.readValue();
        assertThat(second.getCommandId()).isEqualTo(first.getCommandId());
        assertThat(second.getAttempt()).isEqualTo(2);

        placement.results.pipeInput(PATH, result(second, MoveStatus.FAILED));
        placement.tick();
        assertThat(placement.commands.isEmpty()).as("backoff after attempt 2 is 2 s").isTrue();
        placement.tick();
        MoveCommand third = placement.commands.readValue();
        assertThat(third.getAttempt()).isEqualTo(3);

        placement.results.pipeInput(PATH, result(third, MoveStatus.FAILED));
        placement.advance(Duration.ofMinutes(5));
        assertThat(placement.commands.isEmpty()).isTrue();
        StuckFile stuck = stuck().get(PATH);
        assertThat(stuck.reason()).contains("IO").contains("disk on fire");
        assertThat(stuck.attempts()).isEqualTo(3);

        placement.file(record(PATH, 2, Map.of("stage", "training"), instance("nas", 1000, 42L)));
        assertThat(placement.commands.readValuesToList()).as("a new record version releases a stuck file").hasSize(1);
    }

    @Test
    void shouldPlanAStuckFileAgainAtOnceWhenAnOperatorRetriesIt() {
        MoveCommand last = parkAsStuck();
        assertThat(stuck().get(PATH)).isNotNull();

        placement.controls.pipeInput(PATH, retry(PATH));

        List<MoveCommand> issued = placement.commands.readValuesToList();
        assertThat(issued).as("the retry re-issues the command without waiting for a tick").hasSize(1);
        assertThat(last.getAttempt()).isEqualTo(PlacementDriver.BACKOFF.maxAttempts());
        assertThat(issued.get(0).getAttempt()).as("with a fresh count of attempts").isEqualTo(1);
        assertThat(issued.get(0).getPath()).isEqualTo(PATH);
        assertThat(stuck().get(PATH)).isNull();
        assertThat(inflight().get(PATH)).isNotNull();
    }

    @Test
    void shouldIgnoreARetryOfAFileThatIsNotStuck() {
        placement.file(tagged);
        MoveCommand open = placement.commands.readValue();

        placement.controls.pipeInput(PATH, retry(PATH));
        placement.controls.pipeInput("/datasets/unknown.bin", retry("/datasets/unknown.bin"));

        assertThat(placement.commands.isEmpty()).as("a command in flight is not doubled by a retry").isTrue();
        assertThat(inflight().get(PATH).commands().get(0).commandId()).isEqualTo(open.getCommandId());
    }

    /** Fails every attempt of the file's copy until placement parks it; returns the last command. */
    private MoveCommand parkAsStuck() {
        placement.file(tagged);
        MoveCommand command = placement.commands.readValue();
        for (int attempt = 1; attempt < PlacementDriver.BACKOFF.maxAttempts(); attempt++) {
            placement.results.pipeInput(PATH, result(command, MoveStatus.FAILED));
            placement.advance(Duration.ofSeconds(10));
            command = placement.commands.readValue();
        }
        placement.results.pipeInput(PATH, result(command, MoveStatus.FAILED));
        placement.advance(Duration.ofMinutes(5));
        assertThat(placement.commands.isEmpty()).isTrue();
        return command;
    }

    private static PlacementControl retry(String path) {
        return PlacementControl.newBuilder().setPath(path).setAction(PlacementAction.RETRY).setRequestedBy("ops")
                .setAt(Fixtures.T0).build();
    }

    @Test
    void shouldReissueCommandWithoutResultWhenItsLeaseExpires() {
        placement.file(tagged);
        MoveCommand first = placement.commands.readValue();
        placement.advance(Duration.ofMillis(PlacementDriver.LEASE - 2_000));
        assertThat(placement.commands.isEmpty()).isTrue();
        placement.advance(Duration.ofSeconds(3));

        MoveCommand again = placement.commands.readValue();
        assertThat(again.getCommandId()).isEqualTo(first.getCommandId());
        assertThat(again.getAttempt()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreResultOfUnknownCommand() {
        placement.file(tagged);
        MoveCommand copy = placement.commands.readValue();
        MoveCommand other = MoveCommand.newBuilder(copy).setCommandId("someone-else").build();
        placement.results.pipeInput(PATH, result(other, MoveStatus.SUCCEEDED));

        assertThat(inflight().get(PATH).commands().get(0).state()).isEqualTo(TrackedCommand.State.IN_FLIGHT);
    }

    @Test
    void shouldPlanAgainAtOnceWhenTheViewChangedWhileTheCopyFailedItsPrecondition() {
        placement.file(tagged);
        MoveCommand first = placement.commands.readValue();
        FileRecord touched = record(PATH, 2, Map.of("stage", "training"), touchedNas());
        placement.file(touched); // the source's new mtime reached the view while the copy ran
        assertThat(placement.commands.isEmpty()).isTrue();

        placement.results.pipeInput(PATH, result(first, MoveStatus.SOURCE_CHANGED));

        MoveCommand again = placement.commands.readValue();
        assertThat(again.getExpected().getMtime()).isEqualTo(Fixtures.T0.plusSeconds(7));
        assertThat(again.getExpected().getRecordVersion()).isEqualTo(2);
    }

    @Test
    void shouldPlanFromTheNewAttributesOnceTheViewHasThemAfterSourceChanged() {
        placement.file(tagged);
        MoveCommand first = placement.commands.readValue();
        placement.results.pipeInput(PATH, result(first, MoveStatus.SOURCE_CHANGED));
        assertThat(placement.commands.isEmpty()).as("the view still holds the version that failed").isTrue();

        placement.file(record(PATH, 2, Map.of("stage", "training"), touchedNas()));

        assertThat(placement.commands.readValue().getExpected().getMtime()).isEqualTo(Fixtures.T0.plusSeconds(7));
    }

    @Test
    void shouldPlanAgainAfterABoundedWaitWhenTheViewNeverChangesAfterSourceChanged() {
        placement.file(tagged);
        MoveCommand first = placement.commands.readValue();
        placement.results.pipeInput(PATH, result(first, MoveStatus.SOURCE_CHANGED));

        placement.advance(Duration.ofMillis(Tracker.SOURCE_CHANGED_WAIT_MILLIS + 2_000));

        assertThat(placement.commands.readValuesToList()).as("re-planned from the view, not parked silently").hasSize(1);
        assertThat(stuck().get(PATH)).isNull();
    }

    private static io.meridian.schemas.Instance touchedNas() {
        return io.meridian.schemas.Instance.newBuilder(instance("nas", 1000, 42L)).setMtime(Fixtures.T0.plusSeconds(7))
                .setCrc32c(null).setSequencer("0000000000000002-nas").build();
    }

    private KeyValueStore<String, io.meridian.placement.tracking.InFlight> inflight() {
        return placement.driver.getKeyValueStore(PlacementTopology.INFLIGHT_STORE);
    }

    private KeyValueStore<String, StuckFile> stuck() {
        return placement.driver.getKeyValueStore(PlacementTopology.STUCK_STORE);
    }
}
