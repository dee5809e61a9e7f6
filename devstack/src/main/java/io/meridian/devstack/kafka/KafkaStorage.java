package io.meridian.devstack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory once and reads its cluster id afterwards.
 *
 * <p>A directory that holds {@code meta.properties} is never formatted again, so topics, offsets
 * and the cluster id survive restarts. Formatting uses {@code --standalone}: the node is the only
 * voter of a dynamic quorum.
 */
final class KafkaStorage {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private KafkaStorage() {
    }

    /** Formats the log directory unless it already is, and returns its cluster id. */
    static String prepare(Path dataDir, Properties brokerProps) {
        Path meta = dataDir.resolve(META_PROPERTIES);
        if (Files.exists(meta)) {
            return readClusterId(meta);
        }
        String clusterId = Uuid.randomUuid().toString();
        format(dataDir, brokerProps, clusterId);
        return clusterId;
    }

    private static String readClusterId(Path meta) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        String clusterId = props.getProperty("cluster.id");
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalStateException(meta + " has no cluster.id: remove the directory to start afresh");
        }
        return clusterId;
    }

    private static void format(Path dataDir, Properties brokerProps, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path configFile = writeTemporaryConfig(dataDir, brokerProps);
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            String[] args = {"format", "-t", clusterId, "-c", configFile.toString(), "--standalone"};
            exitCode = StorageTool.execute(args, out);
        } finally {
            deleteQuietly(configFile);
        }
        String text = output.toString(StandardCharsets.UTF_8).strip();
        if (exitCode != 0) {
            throw new IllegalStateException("formatting " + dataDir + " failed (exit " + exitCode + "): " + text);
        }
        LOG.info("Formatted Kafka log directory {} with cluster id {}: {}", dataDir, clusterId, text);
    }

    private static Path writeTemporaryConfig(Path dataDir, Properties brokerProps) {
        try {
            // Outside the log directory: the broker treats every directory entry there as its own.
            Path file = Files.createTempFile("meridian-kafka-format", ".properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                brokerProps.store(out, "format " + dataDir);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the format configuration for " + dataDir, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", file, e);
        }
    }
}
