package io.meridian.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.Policy;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import java.time.Instant;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void shouldCreateEveryTopicOfTheCatalogueOnceWithItsValueSchema() {
        assertThat(Topics.all()).extracting(TopicSpec::name).doesNotHaveDuplicates()
                .containsExactlyElementsOf(TopicCatalog.ALL.stream().map(TopicDef::name).toList());
        assertThat(TopicCatalog.POLICIES.spec().valueSchema()).isEqualTo(Policy.getClassSchema());
        assertThat(TopicCatalog.DEAD_LETTERS.spec().valueSchema()).isNull();
    }

    @Test
    void shouldKeepTablesAndDeleteEventsAfterTheirRetention() {
        assertThat(TopicCatalog.SILOS.spec().cleanupPolicy()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(TopicCatalog.FILE_EVENTS.spec().configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.EVENT_RETENTION.toMillis()));
    }

    @Test
    void shouldRoundTripAValueThroughTheSerdesOfABoundTopic() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        Topic<String, SiloUsage> usage = TopicCatalog.SILO_USAGE.bind(registry);
        SiloUsage value = SiloUsage.newBuilder().setSilo("nas").setUsedBytes(5).setFileCount(1)
                .setUpdatedAt(Instant.EPOCH).build();

        byte[] bytes = usage.valueSerde().serializer().serialize(usage.name(), value);

        assertThat(usage.name()).isEqualTo(Topics.SILO_USAGE);
        assertThat(usage.value(bytes)).isEqualTo(value);
        assertThat(usage.value(null)).isNull();
        assertThat(usage.record("nas", null).topic()).isEqualTo(Topics.SILO_USAGE);
    }
}
