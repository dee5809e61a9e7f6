package io.meridian.placement;

import static io.meridian.placement.Fixtures.GIB;
import static io.meridian.placement.Fixtures.T0;
import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CapacityTopologyTest {
    private final PlacementDriver placement = new PlacementDriver();

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldEvictLeastRecentlyAccessedVerifiedCopiesDownToLowWatermark() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        placement.file(accessed("/d/only-here.bin", 1, instance("gpu-nvme", 10 * GIB, 1L)));
        placement.file(accessed("/d/oldest.bin", 2, instance("gpu-nvme", 10 * GIB, 2L), instance("nas", 10 * GIB, 2L)));
        placement.file(accessed("/d/middle.bin", 3, instance("gpu-nvme", 10 * GIB, 3L), instance("nas", 10 * GIB, 3L)));
        placement.file(accessed("/d/newest.bin", 4, instance("gpu-nvme", 10 * GIB, 4L), instance("nas", 10 * GIB, 4L)));
        assertThat(placement.commands.isEmpty()).isTrue();

        usage("gpu-nvme", 44 * GIB); // 88% of 50 GiB: above 0.85; low 0.70 is 35 GiB, so 9 GiB must go
        placement.tick();

        List<MoveCommand> evictions = placement.commands.readValuesToList();
        assertThat(evictions).extracting(MoveCommand::getPath).containsExactly("/d/oldest.bin");
        assertThat(evictions.get(0).getOp()).isEqualTo(MoveOp.DELETE_INSTANCE);
        assertThat(evictions.get(0).getSourceSilo()).isEqualTo("gpu-nvme");
        assertThat(evictions.get(0).getReason()).isEqualTo("evict:gpu-nvme");
        placement.tick();
        assertThat(placement.commands.isEmpty()).as("open deletes count toward the share").isTrue();
    }

    @Test
    void shouldNeverEvictPinnedStagedFilesBeforePinEnds() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        placement.file(accessed("/d/staged.bin", 1, instance("gpu-nvme", 20 * GIB, 2L), instance("nas", 20 * GIB, 2L)));
        placement.requests.pipeInput("r1", Fixtures.staging("r1", "gpu-east", List.of("/d/"), Map.of(),
                T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(10))));
        usage("gpu-nvme", 45 * GIB);
        placement.advance(Duration.ofMinutes(5));
        assertThat(placement.commands.isEmpty()).as("pinned until pin-until").isTrue();

        placement.advance(Duration.ofMinutes(6));
        assertThat(placement.commands.readValuesToList()).extracting(MoveCommand::getPath).containsExactly("/d/staged.bin");
    }

    @Test
    void shouldMoveOnlyCopiesOffDrainingSiloAndRetireItWhenEmpty() {
        Silo nas2 = Fixtures.silo("nas2", "onprem", Tier.CAPACITY, 500 * GIB);
        placement.given(List.of(Fixtures.nas(), nas2, Fixtures.archive()), List.of());
        placement.file(record("/d/only.bin", 1, Map.of(), instance("nas", 100, 1L)));
        placement.file(record("/d/both.bin", 1, Map.of(), instance("nas", 100, 2L), instance("archive", 100, 2L)));
        assertThat(placement.commands.isEmpty()).isTrue();

        placement.silos.pipeInput("nas", Silo.newBuilder(Fixtures.nas()).setState(SiloState.DRAINING).build());
        placement.tick();

        Map<String, MoveCommand> commands = placement.commands.readKeyValuesToMap();
        assertThat(commands.get("/d/only.bin").getOp()).isEqualTo(MoveOp.MOVE);
        assertThat(commands.get("/d/only.bin").getTargetSilo()).as("same tier first").isEqualTo("nas2");
        assertThat(commands.get("/d/both.bin").getOp()).isEqualTo(MoveOp.DELETE_INSTANCE);
        assertThat(commands.get("/d/both.bin").getReason()).isEqualTo("drain:nas");
        assertThat(placement.siloChanges.isEmpty()).isTrue();

        placement.file(record("/d/only.bin", 2, Map.of(), instance("nas2", 100, 1L)));
        placement.file(record("/d/both.bin", 2, Map.of(), instance("archive", 100, 2L)));
        usage("nas", 0);
        placement.tick();

        Silo retired = placement.siloChanges.readValue();
        assertThat(retired.getId()).isEqualTo("nas");
        assertThat(retired.getState()).isEqualTo(SiloState.RETIRED);
    }

    private void usage(String silo, long used) {
        placement.usage.pipeInput(silo, SiloUsage.newBuilder().setSilo(silo).setUsedBytes(used)
                .setFileCount(used == 0 ? 0 : 4).setUpdatedAt(T0).build());
    }

    private static FileRecord accessed(String path, long hour, io.meridian.schemas.Instance... instances) {
        FileRecord record = record(path, 1, Map.of(), instances);
        record.setLastAccess(T0.plus(Duration.ofHours(hour)));
        return record;
    }
}
