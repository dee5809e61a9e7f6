package io.meridian.placement;

import static io.meridian.placement.Fixtures.GIB;
import static io.meridian.placement.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.tracking.InFlight;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.Tier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Invariants of placement over random sequences of file records, policies, silo states, results
 * and time, each run on a fresh topology over {@link PlacementDriver#PARTITIONS} partitions: the last
 * verified copy is never deleted, committed plus in-flight bytes of every partition together never
 * exceed a silo's capacity, a file never has two different commands open, and every staging request
 * ends READY, FAILED or EXPIRED.
 */
class PlacementPropertyTest {
    private static final List<String> SILOS = List.of("nas", "gpu-nvme", "archive");
    private static final List<String> PATHS = List.of("/d/a.bin", "/d/b.bin", "/d/d.bin", "/e/d.bin");

    /** One step of a random history. */
    record Step(int kind, int path, int a, int b, int c) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3))
                .as(Step::new);
        return step.list().ofMinSize(5).ofMaxSize(30);
    }

    @Example
    void pathsAreSpreadOverEveryPartition() {
        assertThat(PartitionedPlacement.partitionsOf(PATHS, PlacementDriver.PARTITIONS)).hasSize(PlacementDriver.PARTITIONS);
    }

    @Property(tries = 60)
    void lastVerifiedCopyIsNeverDeleted(@ForAll("histories") List<Step> history) {
        try (PartitionedPlacement placement = new PartitionedPlacement(PlacementDriver.PARTITIONS)) {
            Map<String, FileRecord> records = new HashMap<>();
            placement.given(silos(), List.of());
            for (Step step : history) {
                apply(placement, step, records);
                Deque<MoveCommand> pending = new ArrayDeque<>(placement.commands());
                while (!pending.isEmpty()) { // one at a time: answering one may cause the next
                    MoveCommand command = pending.poll();
                    FileRecord record = records.get(command.getPath());
                    if (command.getAttempt() > 1) {
                        continue; // a re-issue of a command checked when first planned; movers re-check it
                    }
                    if (command.getOp() == MoveOp.DELETE_INSTANCE) {
                        assertThat(verifiedElsewhere(record, command.getSourceSilo()))
                                .as("delete of %s on %s with instances %s", command.getPath(), command.getSourceSilo(), record.getInstances())
                                .isTrue();
                    }
                    if (command.getOp() == MoveOp.MOVE) {
                        assertThat(instance(record, command.getSourceSilo()).getCrc32c()).as("a MOVE needs a verifiable source").isNotNull();
                    }
                    records.put(command.getPath(), maybeApply(placement, record, command, step));
                    pending.addAll(placement.commands());
                }
            }
        }
    }

    @Property(tries = 40)
    void committedPlusInFlightNeverExceedsCapacity(@ForAll("histories") List<Step> history,
                                                    @ForAll @IntRange(min = 0, max = 100) int usedPercent) {
        try (PartitionedPlacement placement = new PartitionedPlacement(PlacementDriver.PARTITIONS)) {
            Map<String, FileRecord> records = new HashMap<>();
            placement.given(silos(), List.of());
            long committed = Fixtures.nvme().getCapacityBytes() * usedPercent / 100;
            placement.usage(SiloUsage.newBuilder().setSilo("gpu-nvme").setUsedBytes(committed)
                    .setFileCount(1).setUpdatedAt(T0).build());
            placement.tick();
            for (Step step : history) {
                apply(placement, step, records);
                placement.commands();
                long inFlight = placement.<InFlight>stores(PlacementTopology.INFLIGHT_STORE).values().stream()
                        .flatMap(List::stream).flatMap(kv -> kv.value.commands().stream())
                        .filter(c -> "gpu-nvme".equals(c.target())).mapToLong(c -> c.bytesIntoTarget()).sum();
                assertThat(committed + inFlight).as("committed plus in flight on every partition")
                        .isLessThanOrEqualTo(Fixtures.nvme().getCapacityBytes());
            }
        }
    }

    @Property(tries = 60)
    void aFileNeverHasTwoDifferentCommandsOpen(@ForAll("histories") List<Step> history) {
        try (PartitionedPlacement placement = new PartitionedPlacement(PlacementDriver.PARTITIONS)) {
            Map<String, FileRecord> records = new HashMap<>();
            Map<String, String> open = new HashMap<>();
            Set<String> closed = new HashSet<>();
            placement.given(silos(), List.of());
            for (Step step : history) {
                apply(placement, step, records);
                parked(placement).forEach(closed::add);
                Deque<MoveCommand> pending = new ArrayDeque<>(placement.commands());
                while (!pending.isEmpty()) {
                    MoveCommand command = pending.poll();
                    String previous = open.put(command.getPath(), command.getCommandId());
                    assertThat(previous == null || previous.equals(command.getCommandId()) || closed.contains(previous))
                            .as("%s: %s issued while %s is open", command.getPath(), command.getCommandId(), previous).isTrue();
                    if (step.c() % 2 == 0) {
                        closed.add(command.getCommandId());
                        records.put(command.getPath(), maybeApply(placement, records.get(command.getPath()), command, step));
                    }
                    pending.addAll(placement.commands());
                }
            }
        }
    }

    @Property(tries = 30)
    void everyStagingRequestEndsReadyOrFailed(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 3) Integer> outcomes,
                                              @ForAll @IntRange(min = 1, max = 5) int files) {
        try (PartitionedPlacement placement = new PartitionedPlacement(PlacementDriver.PARTITIONS)) {
            Map<String, FileRecord> records = new HashMap<>();
            placement.given(silos(), List.of());
            for (int i = 0; i < files; i++) {
                FileRecord record = Fixtures.record("/job/f" + i, 1, Map.of(), Fixtures.instance("nas", 1000 + i, (long) i));
                records.put(record.getPath(), record);
                placement.file(record);
            }
            placement.request(Fixtures.staging("r", "gpu-east", List.of("/job/"), Map.of(),
                    T0.plus(Duration.ofSeconds(60)), T0.plus(Duration.ofHours(1))));
            for (int round = 0; round < 90; round++) {
                placement.tick();
                int n = 0;
                for (MoveCommand command : placement.commands()) {
                    MoveStatus status = MoveStatus.values()[outcomes.get(n++ % outcomes.size())];
                    placement.result(Fixtures.result(command, status));
                    if (status == MoveStatus.SUCCEEDED || status == MoveStatus.ALREADY_PRESENT) {
                        FileRecord next = FakeMover.apply(records.get(command.getPath()), command);
                        records.put(next.getPath(), next);
                        placement.file(next);
                    }
                }
            }
            List<StagingStatus> statuses = placement.statuses();
            assertThat(statuses).isNotEmpty();
            assertThat(statuses.get(statuses.size() - 1).getState())
                    .isIn(StagingState.READY, StagingState.FAILED, StagingState.EXPIRED);
        }
    }

    private static List<Silo> silos() {
        return List.of(Fixtures.nas(), Fixtures.nvme(), Fixtures.archive());
    }

    /** Interprets one random step: a record, a policy, a drain, a result or time passing. */
    private static void apply(PartitionedPlacement placement, Step step, Map<String, FileRecord> records) {
        String path = PATHS.get(step.path());
        switch (step.kind()) {
            case 0, 1 -> {
                FileRecord previous = records.get(path);
                long version = previous == null ? 1 : previous.getVersion() + 1;
                FileRecord record = randomRecord(path, version, step);
                records.put(path, record);
                placement.file(record);
            }
            case 2 -> {
                Policy policy = randomPolicy(step);
                placement.policy(policy.getName(), policy);
            }
            case 3 -> {
                Silo silo = silos().get(step.b() % 3);
                placement.silo(Silo.newBuilder(silo).setState(step.c() % 2 == 0 ? SiloState.DRAINING : SiloState.ACTIVE).build());
            }
            case 4 -> placement.jump(Duration.ofSeconds(1 + step.a() * 5L));
            default -> placement.tick();
        }
    }

    private static FileRecord maybeApply(PartitionedPlacement placement, FileRecord record, MoveCommand command, Step step) {
        MoveStatus status = MoveStatus.values()[step.b()];
        placement.result(Fixtures.result(command, status));
        if (status != MoveStatus.SUCCEEDED && status != MoveStatus.ALREADY_PRESENT) {
            return record;
        }
        FileRecord next = FakeMover.apply(record, command);
        placement.file(next);
        return next;
    }

    private static FileRecord randomRecord(String path, long version, Step step) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if ((step.a() >> i & 1) == 1 || i == 0 && step.a() == 0) {
                Long crc = switch ((step.c() + i) % 3) {
                    case 0 -> 7L;
                    case 1 -> 8L;
                    default -> null;
                };
                instances.add(Fixtures.instance(SILOS.get(i), GIB * (1 + step.b()), crc));
            }
        }
        Map<String, String> tags = step.b() % 2 == 0 ? Map.of("stage", "training") : Map.of();
        return Fixtures.record(path, version, tags, instances.toArray(new Instance[0]));
    }

    private static Policy randomPolicy(Step step) {
        PlacementSelector place = switch (step.b()) {
            case 0 -> PlacementSelector.newBuilder().setTier(Tier.ARCHIVE).build();
            case 1 -> PlacementSelector.newBuilder().setTier(Tier.NVME).build();
            case 2 -> PlacementSelector.newBuilder().setSite("onprem").build();
            default -> PlacementSelector.newBuilder().setSilos(List.of("nas", "archive")).build();
        };
        String when = step.a() % 2 == 0 ? "tags.stage == 'training'" : "path.startsWith('/d/')";
        return Fixtures.policy("p" + step.path(), when, place, 1 + step.c() % 2, step.a() % 3 == 0, step.c());
    }

    private static boolean verifiedElsewhere(FileRecord record, String silo) {
        Instance victim = instance(record, silo);
        return victim != null && victim.getCrc32c() != null && record.getInstances().stream()
                .anyMatch(i -> !i.getSilo().equals(silo) && i.getSize() == victim.getSize()
                        && Objects.equals(i.getCrc32c(), victim.getCrc32c()));
    }

    private static Instance instance(FileRecord record, String silo) {
        return record.getInstances().stream().filter(i -> i.getSilo().equals(silo)).findFirst().orElse(null);
    }

    private static List<String> parked(PartitionedPlacement placement) {
        return placement.<StuckFile>stores(PlacementTopology.STUCK_STORE).values().stream()
                .flatMap(List::stream).map(kv -> kv.value.commandId()).toList();
    }
}
