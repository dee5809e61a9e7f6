package io.meridian.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one topic must be created: its name, its topic-level configs (cleanup policy, retention) and
 * the Avro schema of its values (null for raw-bytes topics such as the dead letters).
 */
public record TopicSpec(String name, Map<String, String> configs, Schema valueSchema) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    /** A log of events, deleted after {@code retention}. */
    public static TopicSpec events(String name, Duration retention, Schema valueSchema) {
        return new TopicSpec(name, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())), valueSchema);
    }

    /** A table: the last value per key is kept for ever, tombstones remove keys. */
    public static TopicSpec compacted(String name, Schema valueSchema) {
        return new TopicSpec(name, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), valueSchema);
    }

    /** The registry subject of the values (TopicNameStrategy). */
    public String valueSubject() {
        return name + "-value";
    }

    public String cleanupPolicy() {
        return configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }
}
