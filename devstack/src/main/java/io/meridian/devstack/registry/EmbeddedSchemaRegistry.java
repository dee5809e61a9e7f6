package io.meridian.devstack.registry;

import com.sun.net.httpserver.HttpServer;
import io.meridian.devstack.LocalPorts;
import io.meridian.devstack.PortInUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that speaks the Confluent Schema Registry REST API (the subset Meridian uses) on
 * 127.0.0.1 and keeps its schemas in a compacted single-partition topic ({@code _schemas} by default)
 * in Confluent's KafkaStore format.
 *
 * <p>Contract: {@link #start()} returns only after the whole topic has been read, so a restarted
 * registry serves every id registered before. Several instances on one broker agree on every id and
 * version (conflicts are settled by the topic's order). Writes are acknowledged after they are
 * durable (acks=all) and visible through this instance. {@link #close()} may be called more than once.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "_schemas";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int HTTP_THREADS = 4;

    private final String bootstrapServers;
    private final int requestedPort;
    private final String topic;
    private final Duration timeout;
    private SchemaLog log;
    private HttpServer server;
    private ExecutorService executor;
    private boolean started;

    private EmbeddedSchemaRegistry(Builder builder) {
        this.bootstrapServers = Objects.requireNonNull(builder.bootstrapServers, "bootstrapServers");
        this.requestedPort = builder.port;
        this.topic = builder.topic;
        this.timeout = builder.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the schema topic (creating it when absent) and starts serving HTTP.
     *
     * @throws PortInUseException when the port is taken
     * @throws IllegalStateException when called twice, or the broker or topic is unusable
     */
    public synchronized EmbeddedSchemaRegistry start() throws InterruptedException {
        if (started) {
            throw new IllegalStateException("this EmbeddedSchemaRegistry was already started");
        }
        started = true;
        long begin = System.nanoTime();
        int port = LocalPorts.resolve(requestedPort);
        RegistryState state = new RegistryState();
        log = new SchemaLog(bootstrapServers, topic, state::apply, timeout);
        try {
            log.start();
            server = bind(port);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new RegistryHttpHandler(RegistryApi.routes(new RegistryService(state, log))));
        server.start();
        LOG.info("Schema registry serving {} from topic {} on {} in {} ms", url(), topic, bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return this;
    }

    /** {@code http://127.0.0.1:port}, the base URL clients use. */
    public synchronized String url() {
        return "http://" + LocalPorts.HOST + ":" + port();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the schema registry is not running: call start() first");
        }
        return server.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            LOG.info("Schema registry on port {} stopped", server.getAddress().getPort());
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        if (log != null) {
            log.close();
            log = null;
        }
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedSchemaRegistry{url=" + (server == null ? "-" : url()) + ", topic=" + topic + "}";
    }

    private static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(LocalPorts.loopback(), port), 0);
        } catch (BindException e) {
            throw new PortInUseException(port, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + LocalPorts.HOST + ":" + port, e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "meridian-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Builds an {@link EmbeddedSchemaRegistry}; only the bootstrap servers are required. */
    public static final class Builder {
        private String bootstrapServers;
        private int port;
        private String topic = DEFAULT_TOPIC;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** The Kafka cluster that stores the schemas. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** The HTTP port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** Bound on every wait for the broker: start-up, a write, catching up. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public EmbeddedSchemaRegistry build() {
            return new EmbeddedSchemaRegistry(this);
        }
    }
}
