package io.meridian.placement;

import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.reconcile.RescanJob;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A changed policy or silo re-evaluates only the files it can affect, a bounded batch at a time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RescanTopologyTest {
    private static final Duration RESCAN = PlacementSettings.DEFAULT_RESCAN_INTERVAL;
    private final PlacementDriver placement = new PlacementDriver(
            new PlacementSettings(PlacementDriver.TICK, PlacementDriver.LEASE, 30_000, PlacementDriver.BACKOFF, 1).withRescanBatch(2));

    @AfterEach
    void close() {
        placement.close();
    }

    @Test
    void shouldReevaluateFilesOfANewPolicyInBatchesPerPunctuation() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        for (int i = 0; i < 5; i++) {
            placement.file(record("/datasets/train/" + i + ".bin", 1, Map.of("stage", "training"), instance("nas", 10, 1L)));
        }
        placement.policies.pipeInput("training-on-nvme", Fixtures.trainingOnNvme());

        placement.tick(); // sees the policy, plans a job over every file, works one batch
        assertThat(placement.commands.readValuesToList()).hasSize(2);
        placement.advance(RESCAN);
        assertThat(placement.commands.readValuesToList()).hasSize(2);
        placement.advance(RESCAN);
        List<MoveCommand> last = placement.commands.readValuesToList();
        assertThat(last).extracting(MoveCommand::getPath).containsExactly("/datasets/train/4.bin");
        assertThat(jobs()).as("the job ends when its range is exhausted").isEmpty();
    }

    @Test
    void shouldReevaluateOnlyThePrefixAPolicyIsBoundTo() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        for (int i = 0; i < 20; i++) {
            placement.file(record("/datasets/a/" + i + ".bin", 1, Map.of(), instance("nas", 10, 1L)));
        }
        placement.file(record("/datasets/train/x.bin", 1, Map.of(), instance("nas", 10, 1L)));
        placement.policies.pipeInput("train-prefix", policy("train-prefix", "path.startsWith('/datasets/train/') && size > 1"));

        placement.tick();

        assertThat(placement.commands.readValuesToList()).extracting(MoveCommand::getPath)
                .containsExactly("/datasets/train/x.bin");
        assertThat(jobs()).as("one batch covered the policy's whole key range").isEmpty();
    }

    @Test
    void shouldReevaluateBothTheOldAndTheNewRangeOfAChangedPolicy() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        placement.file(record("/datasets/a/1.bin", 1, Map.of(), instance("nas", 10, 1L)));
        placement.policies.pipeInput("p", policy("p", "path.startsWith('/datasets/b/')"));
        placement.tick();

        placement.policies.pipeInput("p", policy("p", "path.startsWith('/datasets/a/') || path.startsWith('/datasets/c/')"));
        placement.tick();

        assertThat(placement.commands.readValuesToList()).extracting(MoveCommand::getPath).containsExactly("/datasets/a/1.bin");
    }

    @Test
    void shouldReevaluateOnlyTheInstancesOfASiloThatStartsDraining() {
        Silo nas2 = Fixtures.silo("nas2", "onprem", Tier.CAPACITY, 500 * Fixtures.GIB);
        placement.given(List.of(Fixtures.nas(), nas2), List.of());
        for (int i = 0; i < 20; i++) {
            placement.file(record("/datasets/a/" + i + ".bin", 1, Map.of(), instance("nas2", 10, 1L)));
        }
        placement.file(record("/datasets/z/only.bin", 1, Map.of(), instance("nas", 10, 7L)));

        placement.silos.pipeInput("nas", Silo.newBuilder(Fixtures.nas()).setState(SiloState.DRAINING).build());
        placement.tick();

        List<MoveCommand> commands = placement.commands.readValuesToList();
        assertThat(commands).extracting(MoveCommand::getPath).containsExactly("/datasets/z/only.bin");
        assertThat(commands.get(0).getOp()).isEqualTo(MoveOp.MOVE);
        assertThat(jobs()).as("the drain visited the one instance on nas, not the 21 files").isEmpty();
    }

    @Test
    void shouldRestartAJobWhenItsPolicyChangesAgainMidway() {
        placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
        for (int i = 0; i < 6; i++) {
            placement.file(record("/datasets/" + i + ".bin", 1, Map.of(), instance("nas", 10, 1L)));
        }
        placement.policies.pipeInput("p", policy("p", "size > 100"));
        placement.tick();
        assertThat(jobs()).extracting(RescanJob::cursor).containsExactly("/datasets/1.bin");

        placement.policies.pipeInput("p", policy("p", "size > 1"));
        placement.tick();
        List<MoveCommand> commands = placement.commands.readValuesToList();
        assertThat(commands).extracting(MoveCommand::getPath).containsExactly("/datasets/0.bin", "/datasets/1.bin");
    }

    private static Policy policy(String name, String when) {
        return Fixtures.policy(name, when, PlacementSelector.newBuilder().setTier(Tier.NVME).build(), 1, false, 1);
    }

    private List<RescanJob> jobs() {
        KeyValueStore<String, RescanJob> store = placement.driver.getKeyValueStore(PlacementTopology.RESCAN_STORE);
        List<RescanJob> jobs = new ArrayList<>();
        try (KeyValueIterator<String, RescanJob> it = store.all()) {
            it.forEachRemaining((KeyValue<String, RescanJob> kv) -> jobs.add(kv.value));
        }
        return jobs;
    }
}
