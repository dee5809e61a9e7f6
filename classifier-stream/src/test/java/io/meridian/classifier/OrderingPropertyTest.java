package io.meridian.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.classifier.metadata.InstanceMerge;
import io.meridian.classifier.usage.UsageDeltas;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.SiloUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariant 4 and exact usage, as properties: any arrival order of the same events ends in the same
 * instances, and the usage the topology publishes over several partitions equals the sum over
 * present instances.
 */
class OrderingPropertyTest {
    private static final List<String> SILOS = List.of("nas", "nvme", "archive");
    private static final List<String> PATHS = List.of("/datasets/a.bin", "/datasets/b.bin", "/datasets/sub/d.bin");
    private static final int PARTITIONS = 3;

    @Property(tries = 300)
    void anyPermutationOfTheSameEventsEndsInTheSameInstances(@ForAll("events") List<FileEvent> events,
                                                             @ForAll long seed) {
        List<FileEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(applyAll(shuffled)).isEqualTo(applyAll(events));
    }

    @Property(tries = 300)
    void usageDeltasSumToThePresentInstances(@ForAll("events") List<FileEvent> events) {
        Map<String, FileRecord> records = new HashMap<>();
        Map<String, Map<String, String>> deletes = new HashMap<>();
        Map<String, SiloUsage> usage = new HashMap<>();
        for (FileEvent event : events) {
            FileRecord before = records.get(event.getPath());
            List<Instance> instances = before == null ? new ArrayList<>() : new ArrayList<>(before.getInstances());
            if (InstanceMerge.apply(instances, deletes.computeIfAbsent(event.getPath(), p -> new HashMap<>()), event)) {
                FileRecord after = record(event.getPath(), instances);
                records.put(event.getPath(), after);
                UsageDeltas.between(before, after, TestEvents.T0).forEach(d -> usage.merge(d.getSilo(), d, UsageDeltas::add));
            }
        }
        for (String silo : SILOS) {
            long bytes = records.values().stream().flatMap(r -> r.getInstances().stream())
                    .filter(i -> i.getSilo().equals(silo) && i.getState() == InstanceState.PRESENT).mapToLong(Instance::getSize).sum();
            assertThat(usage.containsKey(silo) ? usage.get(silo).getUsedBytes() : 0L).isEqualTo(bytes);
        }
    }

    @Example
    void pathsAreSpreadOverEveryPartition() {
        assertThat(PATHS.stream().map(p -> TopicFixture.partitionOf(p, PARTITIONS)).distinct()).hasSize(PARTITIONS);
    }

    /**
     * The topology over {@value #PARTITIONS} partitions, one TopologyTestDriver each: every event goes
     * to the driver of its path's partition, and the usage each publishes (the sum of its own deltas)
     * is summed over the drivers, as the aggregator of the silo's partition sums every partition's deltas.
     */
    @Property(tries = 12)
    void publishedUsageEqualsPresentInstancesInAnyOrder(@ForAll("events") List<FileEvent> events, @ForAll long seed)
            throws Exception {
        List<FileEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));
        Path state = Files.createTempDirectory("classifier-property");
        List<ClassifierDriver> partitions = new ArrayList<>();
        try {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new ClassifierDriver(state.resolve("p" + p), List.of(), false, SILOS.toArray(String[]::new)));
            }
            shuffled.forEach(e -> partitions.get(TopicFixture.partitionOf(e.getPath(), PARTITIONS)).pipe(e));
            Map<String, FileRecord> latest = new HashMap<>();
            Map<String, Long> used = new HashMap<>();
            for (ClassifierDriver partition : partitions) {
                latest.putAll(partition.latest());
                partition.latestUsage().forEach((silo, usage) -> used.merge(silo, usage.getUsedBytes(), Long::sum));
            }
            for (String silo : SILOS) {
                long bytes = latest.values().stream().filter(r -> r != null).flatMap(r -> r.getInstances().stream())
                        .filter(i -> i.getSilo().equals(silo) && i.getState() == InstanceState.PRESENT)
                        .mapToLong(Instance::getSize).sum();
                assertThat(used.getOrDefault(silo, 0L)).as("usage of %s summed over the partitions", silo).isEqualTo(bytes);
            }
            Map<String, List<Instance>> expected = applyAll(events);
            latest.forEach((path, record) -> assertThat(record == null ? List.of() : record.getInstances())
                    .isEqualTo(expected.getOrDefault(path, List.of())));
        } finally {
            partitions.forEach(ClassifierDriver::close);
            try (var paths = Files.walk(state)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<List<FileEvent>> events() {
        Arbitrary<FileEvent> event = Combinators.combine(
                Arbitraries.of(PATHS), Arbitraries.of(SILOS),
                Arbitraries.of(FileEventType.UPSERT, FileEventType.UPSERT, FileEventType.DELETE, FileEventType.UNREADABLE),
                Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(1, 40))
                .as((path, silo, type, size, n) -> TestEvents.event(path, silo, type, type == FileEventType.DELETE ? 0 : size, n)
                        .build());
        // Distinct sequencers per instance: two different events with the same sequencer are a producer bug.
        return event.list().ofMaxSize(25).uniqueElements(e -> e.getPath() + "|" + e.getSilo() + "|" + e.getSequencer());
    }

    private static Map<String, List<Instance>> applyAll(List<FileEvent> events) {
        Map<String, List<Instance>> instances = new HashMap<>();
        Map<String, Map<String, String>> deletes = new HashMap<>();
        for (FileEvent event : events) {
            InstanceMerge.apply(instances.computeIfAbsent(event.getPath(), p -> new ArrayList<>()),
                    deletes.computeIfAbsent(event.getPath(), p -> new HashMap<>()), event);
        }
        instances.values().removeIf(List::isEmpty);
        return instances;
    }

    private static FileRecord record(String path, List<Instance> instances) {
        FileRecord record = io.meridian.classifier.metadata.RecordFinisher.empty(path, TestEvents.T0);
        record.setInstances(new ArrayList<>(instances));
        return record;
    }
}
