package io.meridian.placement;

import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Tier;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Incremental re-evaluation misses nothing: after any sequence of policy publications, replacements
 * and removals, interleaved with ticks and rescan batches of 3, every file that a final policy
 * matches has had its command from the partition that owns it, exactly as a full re-evaluation of
 * every file would give.
 */
class RescanPropertyTest {
    private static final List<String> PATHS = List.of("/a/1.bin", "/a/2.bin", "/a/sub/3.bin", "/b/4.bin", "/c/7.bin", "/d/6.bin");
    private static final List<String> CONDITIONS = List.of(
            "path.startsWith('/a/')", "path.startsWith('/a/sub/') && size > 0", "tags.stage == 'training'",
            "path.startsWith('/b/') || path.startsWith('/c/')", "path.startsWith('/d/') && tags.stage == 'training'");
    private static final List<Predicate<String>> MATCHES = List.of(
            p -> p.startsWith("/a/"), p -> p.startsWith("/a/sub/"), p -> p.startsWith("/a/") || p.startsWith("/d/"),
            p -> p.startsWith("/b/") || p.startsWith("/c/"), "/d/6.bin"::equals);

    /** One step: publish condition {@code condition} as policy {@code name}, remove it (condition -1), or let time pass. */
    record Step(int name, int condition, int pause) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(-1, 4),
                Arbitraries.integers().between(0, 3)).as(Step::new).list().ofMinSize(1).ofMaxSize(12);
    }

    @Example
    void pathsAreSpreadOverEveryPartition() {
        assertThat(PartitionedPlacement.partitionsOf(PATHS, PlacementDriver.PARTITIONS)).hasSize(PlacementDriver.PARTITIONS);
    }

    @Property(tries = 60)
    void everyFileAFinalPolicyMatchesGetsItsCommand(@ForAll("steps") List<Step> steps) {
        PlacementSettings settings = new PlacementSettings(PlacementDriver.TICK, PlacementDriver.LEASE, 30_000,
                PlacementDriver.BACKOFF, PlacementDriver.PARTITIONS).withRescanBatch(3);
        try (PartitionedPlacement placement = new PartitionedPlacement(settings)) {
            placement.given(List.of(Fixtures.nas(), Fixtures.nvme()), List.of());
            for (String path : PATHS) { // the files under /a/ and /d/ are tagged for training
                boolean training = path.startsWith("/a/") || path.startsWith("/d/");
                placement.file(record(path, 1, training ? Map.of("stage", "training") : Map.of(), instance("nas", 10, 1L)));
            }
            Map<Integer, Integer> published = new HashMap<>();
            Set<String> commanded = new HashSet<>();
            for (Step step : steps) {
                String name = "p" + step.name();
                if (step.condition() < 0) {
                    placement.policy(name, null);
                    published.remove(step.name());
                } else {
                    placement.policy(name, policy(name, CONDITIONS.get(step.condition())));
                    published.put(step.name(), step.condition());
                }
                for (int w = 0; w < step.pause(); w++) {
                    placement.jump(w == 0 ? PlacementDriver.TICK : PlacementSettings.DEFAULT_RESCAN_INTERVAL);
                }
                placement.commands().forEach(c -> commanded.add(c.getPath()));
            }
            placement.tick();
            for (int i = 0; i < PATHS.size(); i++) {
                placement.jump(Duration.ofMillis(20));
            }
            placement.commands().stream().map(MoveCommand::getPath).forEach(commanded::add);

            for (String path : PATHS) {
                boolean wanted = published.values().stream().anyMatch(c -> MATCHES.get(c).test(path));
                if (wanted) {
                    assertThat(commanded).as("%s is matched by a final policy %s", path, published).contains(path);
                }
            }
        }
    }

    private static Policy policy(String name, String when) {
        return Fixtures.policy(name, when, PlacementSelector.newBuilder().setTier(Tier.NVME).build(), 1, false, 1);
    }
}
