package io.meridian.devstack.kafka;

import io.meridian.devstack.LocalPorts;
import io.meridian.devstack.PortInUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller) inside this JVM.
 *
 * <p>Contract: clients connect to {@link #bootstrapServers()} on 127.0.0.1 with PLAINTEXT. The log
 * directory is formatted on first start only; restarting on the same directory keeps every topic,
 * record, committed offset and the cluster id. {@link #start()} returns once the broker accepts
 * requests; {@link #close()} shuts it down cleanly within {@link #SHUTDOWN_TIMEOUT} and may be
 * called more than once. One instance starts at most once.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** Upper bound on {@link #close()}. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaSettings settings;
    private KafkaRaftServer server;
    private boolean started;
    private int port;
    private String clusterId;

    public EmbeddedKafka(KafkaSettings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the log directory if needed and starts the node.
     *
     * @throws PortInUseException when a port is taken
     * @throws IllegalStateException when called twice
     */
    public synchronized EmbeddedKafka start() {
        if (started) {
            throw new IllegalStateException("this EmbeddedKafka was already started");
        }
        started = true;
        long begin = System.nanoTime();
        createDirectories(settings.dataDir());
        int clientPort = LocalPorts.resolve(settings.port());
        int controllerPort = LocalPorts.resolve(settings.controllerPort());
        Properties props = BrokerProperties.build(settings, clientPort, controllerPort);
        clusterId = KafkaStorage.prepare(settings.dataDir(), props);
        KafkaRaftServer candidate = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            candidate.startup();
        } catch (RuntimeException e) {
            stopQuietly(candidate);
            throw translateStartFailure(e, clientPort, controllerPort);
        }
        server = candidate;
        port = clientPort;
        LOG.info("Kafka broker started on {} (controller port {}, cluster {}, data {}) in {} ms", bootstrapServers(),
                controllerPort, clusterId, settings.dataDir(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return this;
    }

    /** {@code 127.0.0.1:port} of the PLAINTEXT listener. */
    public synchronized String bootstrapServers() {
        requireRunning();
        return LocalPorts.HOST + ":" + port;
    }

    /** The PLAINTEXT port clients connect to. */
    public synchronized int port() {
        requireRunning();
        return port;
    }

    /** The cluster id, fixed when the log directory was formatted. */
    public synchronized String clusterId() {
        requireRunning();
        return clusterId;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** Shuts the node down, waiting at most {@link #SHUTDOWN_TIMEOUT}. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        long begin = System.nanoTime();
        if (stopWithin(stopping, SHUTDOWN_TIMEOUT)) {
            LOG.info("Kafka broker on port {} stopped in {} ms", port,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        } else {
            LOG.warn("Kafka broker on port {} did not stop within {}; leaving its threads behind", port,
                    SHUTDOWN_TIMEOUT);
        }
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedKafka{dataDir=" + settings.dataDir() + ", port=" + (server == null ? "-" : port) + "}";
    }

    private void requireRunning() {
        if (server == null) {
            throw new IllegalStateException("Kafka is not running: call start() first");
        }
    }

    private static boolean stopWithin(KafkaRaftServer server, Duration timeout) {
        Thread stopper = new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "meridian-kafka-shutdown");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !stopper.isAlive();
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            stopWithin(server, SHUTDOWN_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debug("Ignoring a failure while stopping a broker that did not start", e);
        }
    }

    private static RuntimeException translateStartFailure(RuntimeException failure, int clientPort, int controllerPort) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                int taken = isFree(clientPort) ? controllerPort : clientPort;
                return new PortInUseException(taken, failure);
            }
        }
        return failure;
    }

    private static boolean isFree(int port) {
        try {
            LocalPorts.requireFree(port);
            return true;
        } catch (PortInUseException e) {
            return false;
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + dir, e);
        }
    }

    /** Builds an {@link EmbeddedKafka}; only the data directory is required. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> extraProperties = new HashMap<>();

        private Builder() {
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** A broker property that overrides the single-node default. */
        public Builder property(String name, String value) {
            extraProperties.put(name, value);
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(new KafkaSettings(dataDir, port, controllerPort, extraProperties));
        }
    }
}
