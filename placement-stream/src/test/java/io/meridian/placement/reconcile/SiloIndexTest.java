package io.meridian.placement.reconcile;

import static io.meridian.placement.Fixtures.GIB;
import static io.meridian.placement.Fixtures.T0;
import static io.meridian.placement.Fixtures.instance;
import static io.meridian.placement.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.InstanceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counts, bytes and LRU order of the silo index, and its rebuild from the file store at task start. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SiloIndexTest {
    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final KeyValueStore<String, Long> indexStore = store("index", Serdes.Long());
    private final KeyValueStore<String, FileRecord> files = store("files", new AvroBinarySerde());

    @Test
    void shouldCountInstancesPresentBytesAndOnlyCopiesPerSilo() {
        SiloIndex index = new SiloIndex(indexStore, files);
        FileRecord both = record("/d/both.bin", 1, Map.of(), instance("nas", 3 * GIB, 1L), instance("gpu-nvme", 3 * GIB, 1L));
        FileRecord only = record("/d/only.bin", 1, Map.of(), instance("nas", 2 * GIB, 2L));
        index.update(null, both);
        index.update(null, only);

        assertThat(index.instances("nas")).isEqualTo(2);
        assertThat(index.presentBytes("nas")).isEqualTo(5 * GIB);
        assertThat(index.onlyCopies("nas")).isEqualTo(1);
        assertThat(index.onlyCopies("gpu-nvme")).isZero();

        FileRecord copying = record("/d/only.bin", 2, Map.of(), instance("nas", 2 * GIB, 2L), instance("gpu-nvme", 2 * GIB, null));
        copying.getInstances().get(0).setState(InstanceState.COPYING); // gpu-nvme sorts first
        index.update(only, copying);
        index.update(both, null);

        assertThat(index.instances("gpu-nvme")).isEqualTo(1);
        assertThat(index.presentBytes("gpu-nvme")).as("a copying instance counts, its bytes do not").isZero();
        assertThat(index.onlyCopies("nas")).isZero();
        assertThat(index.instances("nas")).isEqualTo(1);
    }

    @Test
    void shouldVisitASilosInstancesLeastRecentlyUsedFirstAndResumeAfterACursor() {
        SiloIndex index = new SiloIndex(indexStore, files);
        for (int hour : new int[] {5, 1, 3}) {
            FileRecord r = record("/d/" + hour + ".bin", 1, Map.of(), instance("nas", 10, 1L), instance("nas2", 10, 1L));
            r.setLastAccess(T0.plus(Duration.ofHours(hour)));
            index.update(null, r);
        }
        List<String> first = new ArrayList<>();
        String cursor = index.visit("nas", null, path -> first.add(path) && first.size() < 2);
        List<String> rest = new ArrayList<>();
        assertThat(index.visit("nas", cursor, rest::add)).isNull();

        assertThat(first).containsExactly("/d/1.bin", "/d/3.bin");
        assertThat(rest).as("nas2's instances are another range").containsExactly("/d/5.bin");
    }

    @Test
    void shouldRebuildFromTheFileStoreDroppingStaleEntries() {
        indexStore.put("nas\u00000000000000000001\u0000/gone.bin", 10L);
        files.put("/d/a.bin", record("/d/a.bin", 1, Map.of(), instance("nas", 7, 1L)));

        SiloIndex index = new SiloIndex(indexStore, files);

        List<String> paths = new ArrayList<>();
        index.visit("nas", null, paths::add);
        assertThat(paths).containsExactly("/d/a.bin");
        assertThat(index.presentBytes("nas")).isEqualTo(7);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** FileRecords through their Avro binary form, without a registry. */
    private static final class AvroBinarySerde extends Serdes.WrapperSerde<FileRecord> {
        AvroBinarySerde() {
            super((topic, r) -> encode(r), (topic, bytes) -> decode(bytes));
        }

        private static byte[] encode(FileRecord record) {
            try {
                return record.toByteBuffer().array();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static FileRecord decode(byte[] bytes) {
            try {
                return FileRecord.fromByteBuffer(java.nio.ByteBuffer.wrap(bytes));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
