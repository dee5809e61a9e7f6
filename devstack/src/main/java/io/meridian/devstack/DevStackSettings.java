package io.meridian.devstack;

import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.devstack.s3.S3Credentials;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which parts a {@link DevStack} runs, on which ports, under which base directory. Ports of 0 mean
 * "any free port"; a fixed port that is taken makes {@link DevStack#start()} fail with a clear message.
 * The schema registry needs Kafka: the embedded broker, or an external cluster given by its bootstrap servers.
 */
public final class DevStackSettings {
    /** {@code .meridian} in the working directory. */
    public static final Path DEFAULT_BASE_DIR = Path.of(".meridian");

    private final Path baseDir;
    private final Integer kafkaPort;
    private final int kafkaControllerPort;
    private final Map<String, String> kafkaProperties;
    private final String externalKafkaBootstrap;
    private final Integer registryPort;
    private final Integer s3Port;
    private final S3Credentials s3Credentials;

    private DevStackSettings(Builder builder) {
        this.baseDir = builder.baseDir;
        this.kafkaPort = builder.kafkaPort;
        this.kafkaControllerPort = builder.kafkaControllerPort;
        this.kafkaProperties = Map.copyOf(builder.kafkaProperties);
        this.externalKafkaBootstrap = builder.externalKafkaBootstrap;
        this.registryPort = builder.registryPort;
        this.s3Port = builder.s3Port;
        this.s3Credentials = builder.s3Credentials;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path baseDir() {
        return baseDir;
    }

    boolean kafkaEnabled() {
        return kafkaPort != null;
    }

    boolean registryEnabled() {
        return registryPort != null;
    }

    boolean s3Enabled() {
        return s3Port != null;
    }

    String externalKafkaBootstrap() {
        return externalKafkaBootstrap;
    }

    EmbeddedKafka kafka() {
        EmbeddedKafka.Builder kafka = EmbeddedKafka.builder()
                .dataDir(baseDir.resolve("kafka"))
                .port(kafkaPort)
                .controllerPort(kafkaControllerPort);
        kafkaProperties.forEach(kafka::property);
        return kafka.build();
    }

    EmbeddedSchemaRegistry registry(String bootstrapServers) {
        return EmbeddedSchemaRegistry.builder().bootstrapServers(bootstrapServers).port(registryPort).build();
    }

    EmbeddedS3 s3() {
        return EmbeddedS3.builder().baseDir(baseDir.resolve("s3")).port(s3Port)
                .credentials(s3Credentials).build();
    }

    /** Collects the parts to run; none is enabled until asked for. */
    public static final class Builder {
        private Path baseDir = DEFAULT_BASE_DIR;
        private Integer kafkaPort;
        private int kafkaControllerPort;
        private final Map<String, String> kafkaProperties = new HashMap<>();
        private String externalKafkaBootstrap;
        private Integer registryPort;
        private Integer s3Port;
        private S3Credentials s3Credentials;

        private Builder() {
        }

        public Builder baseDir(Path baseDir) {
            this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
            return this;
        }

        /** Runs the embedded broker with its client port (0: any free port). */
        public Builder kafka(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** The embedded broker's controller port (default 0: any free port). */
        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        /** A broker property that overrides the single-node default. */
        public Builder kafkaProperty(String name, String value) {
            kafkaProperties.put(name, value);
            return this;
        }

        /** Stores the registry's schemas in this cluster instead of the embedded broker. */
        public Builder externalKafka(String bootstrapServers) {
            this.externalKafkaBootstrap = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** Runs the schema registry on this HTTP port (0: any free port). */
        public Builder schemaRegistry(int port) {
            this.registryPort = port;
            return this;
        }

        /** Runs the S3 endpoint on this port (0: any free port). */
        public Builder s3(int port) {
            this.s3Port = port;
            return this;
        }

        /** Fixed S3 keys; by default a new pair is generated for every start. */
        public Builder s3Credentials(S3Credentials credentials) {
            this.s3Credentials = credentials;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the registry has no Kafka to store its schemas in
         */
        public DevStackSettings buildSettings() {
            if (registryPort != null && kafkaPort == null && externalKafkaBootstrap == null) {
                throw new IllegalArgumentException("the schema registry stores its schemas in Kafka:"
                        + " enable the embedded broker (kafka(port)) or name a cluster (externalKafka(bootstrap))");
            }
            if (kafkaPort != null && externalKafkaBootstrap != null) {
                throw new IllegalArgumentException("choose either the embedded broker or an external cluster, not both");
            }
            return new DevStackSettings(this);
        }

        /** A stack with these settings, not yet started. */
        public DevStack build() {
            return new DevStack(buildSettings());
        }
    }
}
