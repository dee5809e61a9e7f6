package io.meridian.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/** How one topic must be created: its name and its topic-level configs (cleanup policy, retention). */
public record TopicSpec(String name, Map<String, String> configs) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    /** A log of events, deleted after {@code retention}. */
    public static TopicSpec events(String name, Duration retention) {
        return new TopicSpec(name, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
    }

    /** A table: the last value per key is kept for ever, tombstones remove keys. */
    public static TopicSpec compacted(String name) {
        return new TopicSpec(name, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    public String cleanupPolicy() {
        return configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }
}
