package io.meridian.placement;

import static io.meridian.placement.Fixtures.T0;
import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariant 11 over 3 partitions: whatever sequence of arrivals at the GPU site, removals from it,
 * deletions and re-creations of the selected files happens, after each step (and one tick) the
 * summed status of the staging request is READY if and only if at least one file is selected and
 * every selected file has a present instance at the site. The test plays the movers: placement's
 * copies are never completed, files reach the site only by the steps. jqwik prints the seed of every
 * run; replay a failure with {@code @Property(seed = "...")}.
 */
class StagingTruthPropertyTest {
    /** The selected files are on partitions 0, 1 and 2 of 3; the last one is not selected. */
    private static final List<String> FILES = List.of("/datasets/train/a.bin", "/datasets/train/b.bin",
            "/datasets/train/e.bin", "/datasets/other/x.bin");

    /** What happens to one file: it arrives at the site, leaves it, is deleted everywhere, or is created on the NAS. */
    enum Kind { ARRIVE, LEAVE, DELETE, CREATE }

    record Step(Kind kind, int file) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Kind.ARRIVE)),
                Tuple.of(2, Arbitraries.just(Kind.LEAVE)), Tuple.of(1, Arbitraries.just(Kind.DELETE)),
                Tuple.of(1, Arbitraries.just(Kind.CREATE)));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, FILES.size() - 1))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 50)
    void readyIffEverySelectedFileIsAtTheSite(@ForAll("histories") List<Step> history,
                                              @ForAll @Size(4) List<Boolean> startAtSite) {
        try (PartitionedPlacement placement = new PartitionedPlacement(3)) {
            placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
            Map<String, FileRecord> records = new TreeMap<>();
            long version = 1;
            for (int i = 0; i < FILES.size(); i++) {
                String path = FILES.get(i);
                long crc = path.hashCode();
                records.put(path, startAtSite.get(i)
                        ? record(path, version++, Map.of(), instance("gpu-nvme", 100, crc), instance("nas", 100, crc))
                        : record(path, version++, Map.of(), instance("nas", 100, crc)));
                placement.file(records.get(path));
            }
            placement.request(Fixtures.staging("r1", "gpu-east", List.of("/datasets/train/"), Map.of(),
                    T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))));
            placement.tick();
            placement.commands();
            assertThat(placement.status().getState() == StagingState.READY).as("at first").isEqualTo(expectedReady(records));
            List<Step> done = new ArrayList<>();
            boolean[] seen = new boolean[2]; // READY reached, READY lost
            for (Step step : history) {
                version = apply(placement, records, step, version);
                placement.tick();
                placement.commands(); // copies are planned, never completed: only the steps move files
                done.add(step);
                boolean expected = expectedReady(records);
                StagingStatus status = placement.status();
                assertThat(status != null && status.getState() == StagingState.READY)
                        .as("after %s: %s with files %s", done, status, records.values()).isEqualTo(expected);
                seen[1] |= seen[0] && !expected;
                seen[0] |= expected;
            }
            Statistics.label("READY reached").collect(seen[0]);
            Statistics.label("READY lost after reached").collect(seen[1]);
        }
    }

    private static long apply(PartitionedPlacement placement, Map<String, FileRecord> records, Step step, long version) {
        String path = FILES.get(step.file());
        FileRecord now = records.get(path);
        long crc = path.hashCode();
        FileRecord next = switch (step.kind()) {
            case ARRIVE -> now == null ? null : record(path, version, Map.of(), instance("gpu-nvme", 100, crc), instance("nas", 100, crc));
            case LEAVE, CREATE -> record(path, version, Map.of(), instance("nas", 100, crc));
            case DELETE -> null;
        };
        if (next == null && now != null) {
            records.remove(path);
            placement.deleted(path);
        } else if (next != null) {
            records.put(path, next);
            placement.file(next);
        }
        return version + 1;
    }

    private static boolean expectedReady(Map<String, FileRecord> records) {
        List<FileRecord> selected = records.values().stream().filter(r -> r.getPath().startsWith("/datasets/train/")).toList();
        return !selected.isEmpty() && selected.stream().allMatch(r -> r.getInstances().stream()
                .map(Instance::getSilo).anyMatch("gpu-nvme"::equals));
    }
}
