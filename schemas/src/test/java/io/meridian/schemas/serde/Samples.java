package io.meridian.schemas.serde;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.PlacementChange;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Precondition;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.Tag;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import io.meridian.schemas.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated instance of every generated topic value, nested records and collections filled. */
final class Samples {

    static final Instant T0 = Instant.parse("2025-03-14T09:26:53.589Z");
    static final Instant T1 = T0.plusSeconds(3600);

    private Samples() {
    }

    static FileEvent fileEvent() {
        return new FileEvent("/datasets/train/shard-0001.parquet", "nas", FileEventType.UPSERT, FileType.FILE, null,
                1_234_567L, T0, 0644, "alice", "2049:77123", null, null, 0x1234_5678L, null, "00000000000000000042",
                EventSource.POSIX_WATCH, T1, null);
    }

    static FileRecord fileRecord() {
        Instance nas = new Instance("nas", 1_234_567L, T0, null, null, 305_419_896L, InstanceState.PRESENT,
                "00000000000000000042", T1);
        Instance archive = new Instance("archive", 1_234_567L, T0, "\"9b2cf535f27731c974343645a3985328\"", "v3",
                null, InstanceState.COPYING, "0055B8F2A1", T1);
        return new FileRecord("/datasets/train/shard-0001.parquet", List.of(archive, nas),
                Map.of("stage", new Tag("training", "bob", T0, "/datasets/train/"),
                        "owner", new Tag("ml-team", "alice", T1, null)),
                Map.of("format", "parquet"), false, FileType.FILE, 0644, "alice", T1, 7L, T1);
    }

    static MoveCommand moveCommand() {
        return new MoveCommand("c0ffee", "/datasets/train/shard-0001.parquet", MoveOp.COPY, "nas", "gpu-nvme",
                new Precondition(1_234_567L, T0, null, 305_419_896L, 7L), "policy training-on-nvme", 10, T1, 1, T0,
                600_000L);
    }

    static List<SpecificRecord> everyTopicValue() {
        return List.of(fileEvent(), fileRecord(), moveCommand(),
                new MoveResult("c0ffee", "/datasets/a.bin", MoveOp.MOVE, "nas", "archive", MoveStatus.SUCCEEDED,
                        42L, 1500L, 305_419_896L, null, null, "mover-1", T1, new Precondition(42L, T0, null, null, 3L)),
                new AccessEvent("/datasets/a.bin", "nas", 4096L, "job-17", T0),
                new TagCommand("/datasets/train/", TagOp.SET, Map.of("stage", "training"), List.of(), "bob", T0, "tc-1"),
                new Silo("gpu-nvme", SiloKind.POSIX, "/datasets", "gpu-east", Tier.NVME, "/mnt/nvme", null, null, null,
                        null, 50L << 30, 0.2, 0.0, 0.85, 0.70, SiloState.ACTIVE, Map.of("rack", "r7")),
                new SiloUsage("nas", 1L << 40, 1_000_000L, T1),
                new Policy("training-on-nvme", "tags.stage == 'training'",
                        new PlacementSelector(List.of(), "gpu-east", Tier.NVME, Map.of()), 1, false, 10, 86_400_000L, T0),
                new StagingRequest("req-1", "job-17", "gpu-east", List.of("/datasets/train/"), Map.of("stage", "training"),
                        Tier.NVME, T1, T1.plusSeconds(86_400), 5, "slurm", T0),
                new StagingStatus("req-1", "job-17", StagingState.STAGING, 10L, 4L, 10_000L, 4_000L, 60_000L, null, T1),
                new PlacementNotice("/datasets/a.bin", "gpu-nvme", "gpu-east", Tier.NVME, PlacementChange.ADDED, 42L, T1,
                        "/srv/gpu-nvme/a.bin", List.of("r1")));
    }
}
