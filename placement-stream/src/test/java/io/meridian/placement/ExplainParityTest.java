package io.meridian.placement;

import static io.meridian.placement.Fixtures.T0;
import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.reconcile.Action;
import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Planner;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code meridian explain} plans from {@link GlobalView#input} over what it reads from the topics; the
 * command it explains must be the one placement issues for the same state, over the 6 partitions of
 * the metadata topic, whatever order the requests were read in.
 */
class ExplainParityTest {
    private static final int PARTITIONS = 6;
    private final PlacementDriver placement = new PlacementDriver(
            new PlacementSettings(PlacementDriver.TICK, PlacementDriver.LEASE, 30_000, PlacementDriver.BACKOFF, PARTITIONS));

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldExplainTheTargetPlacementChoosesWhenOnlyATasksShareOfFreeSpaceCounts() {
        Silo small = Fixtures.silo("nvme-small", "gpu-east", Tier.NVME, 1_000); // 1000/6 = 166 bytes per task
        small.setStorageCostPerGiBMonth(0.01);
        Silo big = Fixtures.silo("nvme-big", "gpu-east", Tier.NVME, 100_000);
        big.setStorageCostPerGiBMonth(0.05);
        List<Silo> silos = List.of(Fixtures.nas(), small, big);
        List<Policy> policies = List.of(Fixtures.trainingOnNvme());
        placement.given(silos, policies);
        FileRecord file = record("/datasets/train/a.bin", 1, Map.of("stage", "training"), instance("nas", 400, 7L));

        placement.file(file);

        MoveCommand issued = placement.commands.readValue();
        Action explained = explain(file, silos, policies, List.of(), PARTITIONS);
        assertThat(describe(explained)).isEqualTo(describe(issued)).isEqualTo("COPY nas -> nvme-big");
        assertThat(describe(explain(file, silos, policies, List.of(), 1)))
                .as("over 1 partition the cheaper silo would seem to have room").isEqualTo("COPY nas -> nvme-small");
    }

    @Test
    void shouldExplainTheStagingRequestPlacementServesFirstWhenDeadlineAndPriorityTie() {
        List<Silo> silos = List.of(Fixtures.nas(), Fixtures.silo("nvme-east", "gpu-east", Tier.NVME, 1L << 40),
                Fixtures.silo("nvme-west", "gpu-west", Tier.NVME, 1L << 40));
        placement.given(silos, List.of());
        // read back in publish order (b before a), as explain reads the topic; placement serves a first
        List<StagingRequest> published = List.of(request("req-b", "gpu-east"), request("req-a", "gpu-west"));
        published.forEach(r -> placement.requests.pipeInput(r.getRequestId(), r));
        placement.tick();
        FileRecord file = record("/datasets/train/a.bin", 1, Map.of(), instance("nas", 400, 7L));

        placement.file(file);

        MoveCommand issued = placement.commands.readValue();
        Action explained = explain(file, silos, List.of(), published, PARTITIONS);
        assertThat(describe(explained)).isEqualTo(describe(issued)).isEqualTo("COPY nas -> nvme-west");
    }

    private Action explain(FileRecord file, List<Silo> silos, List<Policy> policies, List<StagingRequest> requests, int partitions) {
        Map<String, Silo> byId = silos.stream().collect(Collectors.toMap(Silo::getId, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Clock now = Clock.fixed(T0.plus(Duration.ofSeconds(2)), ZoneOffset.UTC); // the driver's wall clock after its ticks
        return Planner.plan(GlobalView.input(file, policies, byId, Map.of(), requests, partitions, now)).action().orElseThrow();
    }

    private static StagingRequest request(String id, String site) {
        return Fixtures.staging(id, site, List.of("/datasets/train/"), Map.of(), T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)));
    }

    private static String describe(Action action) {
        return action.op() + " " + action.source() + " -> " + action.target();
    }

    private static String describe(MoveCommand command) {
        return command.getOp() + " " + command.getSourceSilo() + " -> " + command.getTargetSilo();
    }
}
