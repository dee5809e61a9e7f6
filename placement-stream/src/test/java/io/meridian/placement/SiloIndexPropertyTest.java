package io.meridian.placement;

import static io.meridian.placement.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The silo index (instances by silo, least recently used first) stays equal to what the current
 * records say after any sequence of changes, deletions and access updates: every instance once,
 * under its silo, in LRU order, in the index of the partition that owns the file, and nothing left
 * behind by an older version of a record.
 */
class SiloIndexPropertyTest {
    private static final List<String> SILOS = List.of("nas", "gpu-nvme", "archive");
    private static final List<String> PATHS = List.of("/d/a.bin", "/d/b.bin", "/e/h.bin");

    /** One change: the record of {@code path} gets instances on the silos in bitmask {@code silos}, or is deleted when 0. */
    record Change(int path, int silos, int access, boolean copying) {
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 5), Arbitraries.of(true, false)).as(Change::new).list().ofMaxSize(25);
    }

    @Example
    void pathsAreSpreadOverEveryPartition() {
        assertThat(PartitionedPlacement.partitionsOf(PATHS, PlacementDriver.PARTITIONS)).hasSize(PlacementDriver.PARTITIONS);
    }

    @Property(tries = 50)
    void indexMatchesTheCurrentRecords(@ForAll("changes") List<Change> changes) {
        try (PartitionedPlacement placement = new PartitionedPlacement(PlacementDriver.PARTITIONS)) {
            placement.given(List.of(Fixtures.nas(), Fixtures.nvme(), Fixtures.archive()), List.of());
            Map<String, FileRecord> current = new TreeMap<>();
            for (Change change : changes) {
                String path = PATHS.get(change.path());
                FileRecord record = change.silos() == 0 ? null : record(path, change);
                if (record == null) {
                    placement.deleted(path);
                    current.remove(path);
                } else {
                    placement.file(record);
                    current.put(path, record);
                }
            }
            assertThat(indexKeys(placement)).containsExactlyElementsOf(expected(current));
        }
    }

    private static FileRecord record(String path, Change change) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < SILOS.size(); i++) {
            if ((change.silos() & (1 << i)) != 0) {
                Instance instance = Fixtures.instance(SILOS.get(i), 100L * (i + 1), 5L);
                instance.setMtime(T0.plus(Duration.ofHours(i)));
                instance.setState(change.copying() && i == 0 ? InstanceState.COPYING : InstanceState.PRESENT);
                instances.add(instance);
            }
        }
        FileRecord record = Fixtures.record(path, 1, Map.of(), instances.toArray(new Instance[0]));
        record.setLastAccess(change.access() == 0 ? null : T0.plus(Duration.ofDays(change.access())));
        return record;
    }

    /** silo, LRU (access else mtime) and path of every instance, in the order the index must hold them. */
    private static List<String> expected(Map<String, FileRecord> records) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (FileRecord record : records.values()) {
            for (Instance instance : record.getInstances()) {
                long lru = record.getLastAccess() != null ? record.getLastAccess().toEpochMilli() : instance.getMtime().toEpochMilli();
                String key = instance.getSilo() + "\u0000" + String.format("%016x", lru) + "\u0000" + record.getPath();
                sorted.put(key, key + "=" + (instance.getState() == InstanceState.PRESENT ? instance.getSize() : -1));
            }
        }
        return new ArrayList<>(sorted.values());
    }

    /** The entries of every partition's index, in key order; each must be in the partition of its path. */
    private static List<String> indexKeys(PartitionedPlacement placement) {
        TreeMap<String, String> keys = new TreeMap<>();
        placement.<Long>stores(PlacementTopology.SILO_INDEX_STORE).forEach((partition, entries) -> entries.forEach(kv -> {
            String path = kv.key.substring(kv.key.lastIndexOf('\u0000') + 1);
            assertThat(placement.partitionOf(path)).as("partition of %s in the index of partition %d", path, partition)
                    .isEqualTo(partition);
            keys.put(kv.key, kv.key + "=" + kv.value);
        }));
        return new ArrayList<>(keys.values());
    }
}
