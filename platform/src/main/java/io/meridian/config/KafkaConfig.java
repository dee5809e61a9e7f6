package io.meridian.config;

import java.util.Map;

/**
 * Where Kafka is: {@code embedded} (the broker that {@code meridian up} runs) or a bootstrap list,
 * plus any client property (SASL, TLS...) under {@code properties}. Property values may be
 * {@code ${env:NAME}} or {@code ${file:PATH}} so that secrets never sit in the file.
 */
public record KafkaConfig(String bootstrap, Map<String, String> properties, int partitions, short replicationFactor) {
    public static final String EMBEDDED = "embedded";
    /** Partitions of every Meridian topic; files are hash-partitioned by path over them. */
    public static final int DEFAULT_PARTITIONS = 6;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    public KafkaConfig {
        properties = Map.copyOf(properties);
    }

    public boolean embedded() {
        return EMBEDDED.equals(bootstrap);
    }

    public static KafkaConfig embeddedDefaults() {
        return new KafkaConfig(EMBEDDED, Map.of(), DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
    }
}
