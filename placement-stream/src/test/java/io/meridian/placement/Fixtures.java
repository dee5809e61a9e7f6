package io.meridian.placement;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.Tag;
import io.meridian.schemas.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Silos, policies, records and results for placement tests. */
public final class Fixtures {
    public static final long GIB = 1L << 30;
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    public static Silo silo(String id, String site, Tier tier, long capacity) {
        return Silo.newBuilder().setId(id).setKind(SiloKind.POSIX).setMount("/datasets").setSite(site).setTier(tier)
                .setRoot("/srv/" + id).setCapacityBytes(capacity).setState(SiloState.ACTIVE).build();
    }

    public static Silo nas() {
        return silo("nas", "onprem", Tier.CAPACITY, 500 * GIB);
    }

    public static Silo nvme() {
        return silo("gpu-nvme", "gpu-east", Tier.NVME, 50 * GIB);
    }

    public static Silo archive() {
        Silo silo = silo("archive", "cloud-a", Tier.ARCHIVE, 10_000 * GIB);
        silo.setStorageCostPerGiBMonth(0.001);
        return silo;
    }

    public static Policy policy(String name, String when, PlacementSelector place, int copies, boolean exclusive, int priority) {
        return Policy.newBuilder().setName(name).setWhen(when).setPlace(place).setCopies(copies).setExclusive(exclusive)
                .setPriority(priority).setUpdatedAt(T0).build();
    }

    public static Policy trainingOnNvme() {
        return policy("training-on-nvme", "tags.stage == 'training'",
                PlacementSelector.newBuilder().setSite("gpu-east").setTier(Tier.NVME).build(), 1, false, 10);
    }

    public static Instance instance(String silo, long size, Long crc) {
        return Instance.newBuilder().setSilo(silo).setSize(size).setMtime(T0).setCrc32c(crc)
                .setState(InstanceState.PRESENT).setSequencer("0000000000000001-" + silo).setUpdatedAt(T0).build();
    }

    public static FileRecord record(String path, long version, Map<String, String> tags, Instance... instances) {
        Map<String, Tag> effective = new TreeMap<>();
        tags.forEach((k, v) -> effective.put(k, Tag.newBuilder().setValue(v).setSetBy("test").setSetAt(T0).build()));
        List<Instance> sorted = new ArrayList<>(Arrays.asList(instances));
        sorted.sort(java.util.Comparator.comparing(Instance::getSilo));
        return FileRecord.newBuilder().setPath(path).setInstances(sorted).setTags(effective).setVersion(version)
                .setUpdatedAt(T0).build();
    }

    public static MoveResult result(MoveCommand command, MoveStatus status) {
        return MoveResult.newBuilder().setCommandId(command.getCommandId()).setPath(command.getPath()).setOp(command.getOp())
                .setSourceSilo(command.getSourceSilo()).setTargetSilo(command.getTargetSilo()).setStatus(status)
                .setBytes(command.getExpected().getSize()).setDurationMillis(100)
                .setCrc32c(command.getExpected().getCrc32c())
                .setErrorClass(status == MoveStatus.FAILED ? "IO" : null)
                .setErrorMessage(status == MoveStatus.FAILED ? "disk on fire" : null)
                .setWorker("test-mover").setFinishedAt(T0).build();
    }

    public static StagingRequest staging(String id, String site, List<String> prefixes, Map<String, String> tags,
                                         Instant deadline, Instant pinUntil) {
        return StagingRequest.newBuilder().setRequestId(id).setJobId("job-" + id).setSite(site).setPrefixes(prefixes)
                .setTags(tags).setDeadline(deadline).setPinUntil(pinUntil).setRequestedBy("test").setCreatedAt(T0).build();
    }
}
