package io.meridian.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.query.store.MetadataStore;
import io.meridian.query.store.StuckRow;
import io.meridian.query.testing.Records;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Precondition;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.Tier;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComplianceTest {
    private final MetadataStore store = new MetadataStore();

    @Test
    void shouldCountMatchingGovernedAlignedInFlightStuckAndMisalignedFilesPerPolicy() {
        store.putSilo("nas", Records.posixSilo("nas", "/a", "onprem", Tier.CAPACITY, 1L << 30));
        store.putSilo("nvme", Records.posixSilo("nvme", "/b", "gpu-east", Tier.NVME, 1L << 30));
        store.putPolicy("training", policy("training", "tags.stage == 'training'", "gpu-east", 10));
        store.putPolicy("all-on-nas", policy("all-on-nas", "path.startsWith('/datasets/')", "onprem", 1));
        store.putFile(Records.file("/datasets/t/a.bin", 1, Map.of("stage", "training"), "nas", "nvme"));  // aligned
        store.putFile(Records.file("/datasets/t/b.bin", 1, Map.of("stage", "training"), "nas"));          // in flight
        store.putFile(Records.file("/datasets/t/c.bin", 1, Map.of("stage", "training"), "nas"));          // misaligned
        store.putFile(Records.file("/datasets/t/d.bin", 1, Map.of("stage", "training"), "nas"));          // stuck
        store.putStuck(new StuckRow("/datasets/t/d.bin", "c9", "IOException: disk on fire", 6, 0));
        store.putFile(Records.file("/datasets/other.bin", 1, Map.of(), "nas"));                           // the other policy's
        store.moveIssued(MoveCommand.newBuilder().setCommandId("c1").setPath("/datasets/t/b.bin").setOp(MoveOp.COPY)
                .setSourceSilo("nas").setTargetSilo("nvme").setReason("policy training").setIssuedAt(Instant.EPOCH)
                .setExpected(Precondition.newBuilder().setSize(1).setMtime(Instant.EPOCH).setRecordVersion(1).build()).build());

        List<Map<String, Object>> out = Compliance.of(store, Clock.systemUTC());

        assertThat(out).extracting(p -> p.get("name")).containsExactly("all-on-nas", "training");
        assertThat(out.get(1)).containsEntry("matching", 4L).containsEntry("governed", 4L).containsEntry("aligned", 1L)
                .containsEntry("inFlight", 1L).containsEntry("stuck", 1L).containsEntry("misaligned", 1L).containsEntry("place", Map.of("site", "gpu-east"));
        // every file matches all-on-nas, but only the untagged one is its to decide (lower priority)
        assertThat(out.get(0)).containsEntry("matching", 5L).containsEntry("governed", 1L).containsEntry("aligned", 1L);
    }

    @Test
    void shouldNotCountCopiesOnADrainingSiloAsPlaced() {
        store.putSilo("nvme", io.meridian.schemas.Silo.newBuilder(Records.posixSilo("nvme", "/b", "gpu-east", Tier.NVME, 1L << 30))
                .setState(SiloState.DRAINING).build());
        store.putPolicy("training", policy("training", "true", "gpu-east", 1));
        store.putFile(Records.file("/datasets/a.bin", 1, Map.of(), "nvme"));
        assertThat(Compliance.of(store, Clock.systemUTC()).get(0)).containsEntry("aligned", 0L).containsEntry("misaligned", 1L);
    }

    private static Policy policy(String name, String when, String site, int priority) {
        return Policy.newBuilder().setName(name).setWhen(when).setPriority(priority)
                .setPlace(PlacementSelector.newBuilder().setSite(site).build()).setUpdatedAt(Instant.EPOCH).build();
    }
}
