package io.meridian.placement;

import static io.meridian.placement.Fixtures.T0;
import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static io.meridian.placement.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.reconcile.GlobalView;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StagingTopologyTest {
    private final PlacementDriver placement = new PlacementDriver();

    @BeforeEach
    void silos() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
    }

    @AfterEach
    void close() {
        placement.close();
    }

    /** READY needs every partition's report, so this one runs over all of them, not on one task. */
    @Test
    void shouldStagePrefixToSiteAndReportReadyWhenEveryFileIsThere() {
        try (PartitionedPlacement partitioned = new PartitionedPlacement(PlacementDriver.PARTITIONS)) {
            partitioned.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
            partitioned.file(record("/datasets/train/a.bin", 1, Map.of(), instance("nas", 1000, 1L)));
            partitioned.file(record("/datasets/train/b.bin", 1, Map.of(), instance("nas", 3000, 2L)));
            partitioned.file(record("/datasets/trainee/c.bin", 1, Map.of(), instance("nas", 5, 3L)));
            partitioned.request(Fixtures.staging("r1", "gpu-east", List.of("/datasets/train/"), Map.of(),
                    T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
            partitioned.tick();

            List<MoveCommand> copies = partitioned.commands();
            assertThat(copies).extracting(MoveCommand::getPath)
                    .containsExactlyInAnyOrder("/datasets/train/a.bin", "/datasets/train/b.bin");
            assertThat(copies).allSatisfy(c -> {
                assertThat(c.getOp()).isEqualTo(MoveOp.COPY);
                assertThat(c.getTargetSilo()).isEqualTo("gpu-nvme");
                assertThat(c.getReason()).isEqualTo("staging:r1");
                assertThat(c.getDeadline()).isEqualTo(T0.plus(Duration.ofHours(1)));
            });
            StagingStatus staging = partitioned.status();
            assertThat(staging.getState()).isEqualTo(StagingState.STAGING);
            assertThat(staging.getFilesTotal()).isEqualTo(2);
            assertThat(staging.getBytesTotal()).isEqualTo(4000);

            for (MoveCommand copy : copies) {
                partitioned.result(result(copy, MoveStatus.SUCCEEDED));
                var size = copy.getExpected().getSize();
                var crc = copy.getExpected().getCrc32c();
                partitioned.file(record(copy.getPath(), 2, Map.of(), instance("nas", size, crc), instance("gpu-nvme", size, crc)));
            }
            partitioned.tick();

            StagingStatus ready = partitioned.status();
            assertThat(ready.getState()).isEqualTo(StagingState.READY);
            assertThat(ready.getFilesReady()).isEqualTo(2);
            assertThat(ready.getBytesReady()).isEqualTo(4000);
            assertThat(partitioned.commands()).isEmpty();
        }
    }

    @Test
    void shouldSelectFilesByTag() {
        placement.file(record("/datasets/x/a.bin", 1, Map.of("stage", "training"), instance("nas", 10, 1L)));
        placement.file(record("/datasets/y/b.bin", 1, Map.of("stage", "eval"), instance("nas", 10, 2L)));
        placement.requests.pipeInput("r2", Fixtures.staging("r2", "gpu-east", List.of(), Map.of("stage", "training"),
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
        placement.tick();

        assertThat(placement.commands.readValuesToList()).extracting(MoveCommand::getPath).containsExactly("/datasets/x/a.bin");
    }

    @Test
    void shouldCountFilesUnderNestedPrefixesOnce() {
        placement.file(record("/datasets/train/sub/a.bin", 1, Map.of(), instance("nas", 10, 1L)));
        placement.requests.pipeInput("r6", Fixtures.staging("r6", "gpu-east", List.of("/datasets/train/sub/", "/datasets/train/"),
                Map.of(), T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
        placement.tick();

        assertThat(placement.status.readValue().getFilesTotal()).isEqualTo(1);
        assertThat(placement.commands.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldExpireRequestWhoseFilesAreNotThereByTheDeadline() {
        placement.requests.pipeInput("r3", Fixtures.staging("r3", "gpu-east", List.of("/datasets/none/"), Map.of(),
                T0.plus(Duration.ofSeconds(5)), T0.plus(Duration.ofHours(2))));
        placement.tick();
        assertThat(placement.status.readValue().getState()).isEqualTo(StagingState.PENDING);
        placement.advance(Duration.ofSeconds(6));

        List<StagingStatus> statuses = placement.status.readValuesToList();
        StagingStatus expired = statuses.get(statuses.size() - 1);
        assertThat(expired.getState()).isEqualTo(StagingState.EXPIRED);
        assertThat(expired.getReason()).contains("no file matched");
    }

    @Test
    void shouldFailRequestWhenAFileCannotBeStaged() {
        placement.file(record("/datasets/train/a.bin", 1, Map.of(), instance("nas", 1000, 1L)));
        placement.requests.pipeInput("r4", Fixtures.staging("r4", "gpu-east", List.of("/datasets/train/"), Map.of(),
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
        placement.tick();
        for (int attempt = 0; attempt < PlacementDriver.BACKOFF.maxAttempts(); attempt++) {
            MoveCommand copy = placement.commands.readValue();
            placement.results.pipeInput(copy.getPath(), result(copy, MoveStatus.FAILED));
            placement.advance(Duration.ofSeconds(8));
        }

        List<StagingStatus> statuses = placement.status.readValuesToList();
        StagingStatus failed = statuses.get(statuses.size() - 1);
        assertThat(failed.getState()).isEqualTo(StagingState.FAILED);
        assertThat(failed.getReason()).contains("/datasets/train/a.bin").contains("disk on fire");
    }

    @Test
    void shouldFailARequestForASiteNoSiloHasNamingTheKnownSitesAndPlanNothingForIt() {
        placement.file(record("/datasets/train/a.bin", 1, Map.of(), instance("nas", 1000, 1L)));
        placement.requests.pipeInput("mars", Fixtures.staging("mars", "mars", List.of("/datasets/train/"), Map.of(),
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
        placement.tick();

        StagingStatus failed = placement.status.readValue();
        assertThat(failed.getState()).isEqualTo(StagingState.FAILED);
        assertThat(failed.getReason()).isEqualTo("invalid request: site: unknown site 'mars' (known sites: gpu-east, onprem)");
        assertThat(placement.commands.isEmpty()).isTrue();
        var requests = List.of(Fixtures.staging("mars", "mars", List.of("/datasets/train/"), Map.of(),
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
        var input = GlobalView.input(record("/datasets/train/a.bin", 1, Map.of(),
                instance("nas", 1000, 1L)), List.of(), Map.of("nas", Fixtures.nas(), "gpu-nvme", Fixtures.nvme()), Map.of(),
                requests, 3, Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(input.staging()).as("explain does not plan for it either").isEmpty();
    }

    @Test
    void shouldRefuseInvalidRequestWithReason() {
        placement.requests.pipeInput("r5", Fixtures.staging("r5", "gpu-east", List.of("/datasets/../x/"), Map.of(),
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
        placement.tick();

        StagingStatus failed = placement.status.readValue();
        assertThat(failed.getState()).isEqualTo(StagingState.FAILED);
        assertThat(failed.getReason()).startsWith("invalid request");
    }
}
