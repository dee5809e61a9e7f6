package io.meridian.classifier.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.streams.StateSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** Old delete sequencers are forgotten, recent ones kept, a bounded slice per call. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeletePrunerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void shouldForgetDeletesOlderThanTheRetentionInSlices() {
        KeyValueStore<String, Map<String, String>> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("deletes"), Serdes.String(), new StateSerdes(new InMemorySchemaRegistry()).stringMap())
                .withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        String old = Sequencer.of(NOW.minus(Duration.ofDays(8)), 1);
        String recent = Sequencer.of(NOW.minus(Duration.ofDays(1)), 1);
        store.put("/d/a", Map.of("nas", old));
        store.put("/d/b", Map.of("nas", old, "nvme", recent));
        store.put("/d/c", Map.of("nas", recent));

        DeletePruner pruner = new DeletePruner(store, Duration.ofDays(7), 2);
        assertThat(pruner.prune(NOW)).isEqualTo(2);
        assertThat(store.get("/d/a")).isNull();
        assertThat(store.get("/d/b")).isEqualTo(Map.of("nvme", recent));

        assertThat(pruner.prune(NOW)).isZero();
        assertThat(store.get("/d/c")).isEqualTo(Map.of("nas", recent));
        assertThat(store.approximateNumEntries()).isEqualTo(2);
    }
}
