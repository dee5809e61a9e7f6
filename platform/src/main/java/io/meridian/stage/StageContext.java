package io.meridian.stage;

import io.meridian.config.MeridianConfig;
import io.meridian.config.S3Endpoint;
import io.meridian.metrics.ProcessMetrics;
import io.meridian.schemas.registry.SchemaRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Everything a stage needs from its process: the validated config, client properties for Kafka
 * (bootstrap resolved, secrets resolved), a way to open schema registry clients, a directory for
 * local state (RocksDB stores, checkpoints), the embedded S3 endpoint when {@code up} runs one, and
 * the process's one meter registry, which every stage registers its meters on.
 *
 * @param config       the validated config
 * @param kafka        client properties; copy before changing ({@link #kafkaProperties()})
 * @param registry     opens a registry client; the caller closes it
 * @param stateDir     a directory this process owns, for local state
 * @param embeddedS3   where silos with {@code endpoint: embedded} live, when an embedded S3 runs
 * @param metrics      the process's meters, shared by every stage built from this context
 */
public record StageContext(
        MeridianConfig config,
        Properties kafka,
        Supplier<SchemaRegistry> registry,
        Path stateDir,
        Optional<S3Endpoint> embeddedS3,
        ProcessMetrics metrics) {

    /** A context with a registry of its own (tests and benchmarks that build one context per process). */
    public StageContext(MeridianConfig config, Properties kafka, Supplier<SchemaRegistry> registry, Path stateDir,
                        Optional<S3Endpoint> embeddedS3) {
        this(config, kafka, registry, stateDir, embeddedS3, new ProcessMetrics());
    }

    /** A fresh copy of the Kafka client properties, for a client to add its own settings to. */
    public Properties kafkaProperties() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }
}
