package io.meridian.placement;

import static io.meridian.placement.Fixtures.T0;
import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static io.meridian.placement.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.meridian.placement.capacity.DrainWatcher;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.PlacementChange;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Invariant 11 over 3 partitions of meridian.metadata: a staging request is READY only while every
 * selected file is present at its site, and pins hold against drains until they end or are released.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionedStagingTopologyTest {
    private static final int PARTITIONS = 3;
    private static final List<String> FILES = List.of("/datasets/train/a.bin", "/datasets/train/b.bin",
            "/datasets/train/c.bin", "/datasets/train/d.bin", "/datasets/train/e.bin", "/datasets/train/f.bin");

    private final PartitionedPlacement placement = new PartitionedPlacement(PARTITIONS);
    private final Map<String, FileRecord> records = new TreeMap<>();

    @BeforeEach
    void silos() {
        assertThat(FILES.stream().map(placement::partitionOf).collect(Collectors.toSet()))
                .as("the files are spread over every partition").hasSize(PARTITIONS);
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
    }

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldLeaveReadyWhenAStagedFileLeavesTheSiteAndBeReadyAgainWhenItComesBack() {
        stageEveryFile(T0.plus(Duration.ofHours(2)));
        String lost = FILES.get(3);

        file(record(lost, 5, Map.of(), instance("nas", 100, 4L)));
        placement.tick();

        StagingStatus staging = placement.status();
        assertThat(staging.getState()).isEqualTo(StagingState.STAGING);
        assertThat(staging.getFilesReady()).isEqualTo(FILES.size() - 1);
        assertThat(staging.getReason()).contains("no longer READY", "1 of 6 files not at the site", lost);
        assertThat(placement.notices()).extracting(PlacementNotice::getPath, PlacementNotice::getSilo, PlacementNotice::getChange)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(lost, "gpu-nvme", PlacementChange.REMOVED));
        List<MoveCommand> again = placement.commands();
        assertThat(again).extracting(MoveCommand::getPath, MoveCommand::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(lost, "staging:r1"));

        complete(again);
        placement.tick();
        assertThat(placement.status().getState()).isEqualTo(StagingState.READY);
        assertThat(placement.status().getFilesReady()).isEqualTo(FILES.size());
    }

    @Test
    void shouldNotMoveOrDeletePinnedInstancesOfADrainingSiloUntilThePinEnds() {
        stageEveryFile(T0.plus(Duration.ofMinutes(10)));
        String onlyOnGpu = FILES.get(0);
        file(record(onlyOnGpu, 5, Map.of(), instance("gpu-nvme", 100, 1L)));
        ListAppender<ILoggingEvent> log = capture();

        placement.silo(Silo.newBuilder(Fixtures.nvme()).setState(SiloState.DRAINING).build());
        for (int i = 0; i < 60; i++) {
            placement.tick();
            for (MoveCommand command : placement.commands()) {
                assertThat(command.getOp()).as("%s of pinned %s", command.getOp(), command.getPath()).isEqualTo(MoveOp.COPY);
                assertThat(command.getPath()).isEqualTo(onlyOnGpu);
                complete(List.of(command)); // the only copy is copied out; the pinned instance stays
            }
        }
        assertThat(records.get(onlyOnGpu).getInstances()).extracting(i -> i.getSilo()).containsExactly("gpu-nvme", "nas");
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("Draining silo gpu-nvme", "wait for a pin to end", "staging r1 until"));
        assertThat(placement.status().getState()).isEqualTo(StagingState.READY);

        placement.advance(Duration.ofMinutes(10));
        List<MoveCommand> drained = placement.commands().stream().filter(c -> c.getAttempt() == 1).toList(); // no results: re-issued
        assertThat(drained).extracting(MoveCommand::getPath).containsExactlyInAnyOrderElementsOf(FILES);
        assertThat(drained).allSatisfy(c -> {
            assertThat(c.getOp()).isEqualTo(MoveOp.DELETE_INSTANCE);
            assertThat(c.getSourceSilo()).isEqualTo("gpu-nvme");
            assertThat(c.getReason()).isEqualTo("drain:gpu-nvme");
        });
    }

    @Test
    void shouldDrainPinnedInstancesOnceTheirStagingRequestIsReleased() {
        stageEveryFile(T0.plus(Duration.ofHours(12)));
        placement.silo(Silo.newBuilder(Fixtures.nvme()).setState(SiloState.DRAINING).build());
        placement.advance(Duration.ofSeconds(30));
        assertThat(placement.commands()).as("pinned until released").isEmpty();

        placement.release("r1");
        placement.advance(Duration.ofSeconds(5));
        assertThat(placement.commands()).extracting(MoveCommand::getOp, MoveCommand::getSourceSilo)
                .hasSize(FILES.size()).containsOnly(org.assertj.core.groups.Tuple.tuple(MoveOp.DELETE_INSTANCE, "gpu-nvme"));
    }

    @Test
    void shouldNotEvictPinnedStagedCopiesAboveTheHighWatermarkUntilThePinEnds() {
        stageEveryFile(T0.plus(Duration.ofMinutes(10)));
        placement.usage(SiloUsage.newBuilder().setSilo("gpu-nvme").setUsedBytes(49 * Fixtures.GIB).setFileCount(FILES.size())
                .setUpdatedAt(T0).build()); // 98% of 50 GiB, far above the high watermark
        placement.advance(Duration.ofMinutes(5));
        assertThat(placement.commands()).as("every instance on gpu-nvme is pinned by r1").isEmpty();

        placement.advance(Duration.ofMinutes(6));
        List<MoveCommand> evicted = placement.commands().stream().filter(c -> c.getAttempt() == 1).toList();
        assertThat(evicted).isNotEmpty().allSatisfy(c -> {
            assertThat(c.getOp()).isEqualTo(MoveOp.DELETE_INSTANCE);
            assertThat(c.getReason()).isEqualTo("evict:gpu-nvme");
        });
    }

    /** Every file on the NAS, a request for all of them at gpu-east pinned until {@code pinUntil}, copies done: READY. */
    private void stageEveryFile(java.time.Instant pinUntil) {
        long crc = 1;
        for (String path : FILES) {
            file(record(path, 1, Map.of(), instance("nas", 100, crc++)));
        }
        placement.request(Fixtures.staging("r1", "gpu-east", List.of("/datasets/train/"), Map.of(),
                T0.plus(Duration.ofMinutes(5)), pinUntil));
        placement.tick();
        List<MoveCommand> copies = placement.commands();
        assertThat(copies).hasSize(FILES.size());
        complete(copies);
        placement.tick();
        assertThat(placement.status().getState()).isEqualTo(StagingState.READY);
        assertThat(placement.status().getFilesReady()).isEqualTo(FILES.size());
        placement.notices();
    }

    private void complete(List<MoveCommand> commands) {
        for (MoveCommand command : commands) {
            placement.result(result(command, MoveStatus.SUCCEEDED));
            file(FakeMover.apply(records.get(command.getPath()), command));
        }
    }

    private void file(FileRecord record) {
        records.put(record.getPath(), record);
        placement.file(record);
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(DrainWatcher.class)).addAppender(appender);
        return appender;
    }
}
