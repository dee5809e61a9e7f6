package io.meridian.streams;

import io.meridian.schemas.registry.SchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every Meridian Kafka Streams app shares. {@link #start} opens a registry client,
 * builds the topology with it, starts the app and returns once it is RUNNING; it throws (having
 * closed everything) when the app fails or is not RUNNING within the start timeout. A stream thread
 * that dies of an exception is replaced, so one bad moment never stops the stage; one that dies of
 * an {@link Error} (a broken classpath, out of memory) shuts the app down, since a new thread would
 * fail the same way. {@link #close} stops the app within the close timeout, then closes the registry
 * client; it is safe before start and twice.
 */
public final class StreamsStage implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(StreamsStage.class);

    /** Builds an app's topology with the registry client the stage owns. */
    @FunctionalInterface
    public interface TopologyFactory {
        Topology build(SchemaRegistry registry) throws Exception;
    }

    private final String name;
    private final Duration startTimeout;
    private final Duration closeTimeout;
    private final KafkaClientSupplier clients;
    private volatile KafkaStreams streams;
    private volatile SchemaRegistry registry;

    /** A stage named {@code name} in logs and errors, e.g. "classifier", with the default timeouts. */
    public StreamsStage(String name) {
        this(name, START_TIMEOUT, CLOSE_TIMEOUT, null);
    }

    /** As {@link #StreamsStage(String)}; {@code clients} null means Kafka's own clients (tests pass others). */
    public StreamsStage(String name, Duration startTimeout, Duration closeTimeout, KafkaClientSupplier clients) {
        this.name = name;
        this.startTimeout = startTimeout;
        this.closeTimeout = closeTimeout;
        this.clients = clients;
    }

    /** Starts the app and waits until it is RUNNING; on any failure closes what it opened and throws. */
    public void start(Supplier<SchemaRegistry> registries, TopologyFactory topology, Properties properties) throws Exception {
        try {
            registry = registries.get();
            Topology built = topology.build(registry);
            streams = clients == null ? new KafkaStreams(built, properties) : new KafkaStreams(built, properties, clients);
            streams.setUncaughtExceptionHandler(e -> respond(name, e));
            awaitRunning(streams);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void awaitRunning(KafkaStreams app) throws InterruptedException {
        if (!startAndAwaitRunning(app, startTimeout)) {
            throw new IllegalStateException("the " + name + " did not reach RUNNING within " + startTimeout.toSeconds()
                    + " s (state " + app.state() + "); check that Kafka is reachable and the topics exist (`meridian init`)");
        }
    }

    /**
     * Starts {@code app} and waits until it is RUNNING; false when it failed first or is not RUNNING
     * within {@code timeout}. Replaces the app's state listener.
     */
    public static boolean startAndAwaitRunning(KafkaStreams app, Duration timeout) throws InterruptedException {
        CountDownLatch settled = new CountDownLatch(1);
        app.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.ERROR) {
                settled.countDown();
            }
        });
        try {
            app.start();
        } catch (RejectedExecutionException e) {
            // A thread that died at once shut the client down while start() was still scheduling its
            // background tasks on the executor that shutdown had closed: the app failed to start.
            return false;
        }
        boolean settledInTime = settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        KafkaStreams.State state = app.state();
        // RUNNING may already have turned into a rebalance (a member joined): that is a running app too
        return settledInTime && (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING);
    }

    /** What a dying stream thread leads to: a new thread, unless an {@link Error} caused it. */
    static StreamThreadExceptionResponse respond(String name, Throwable failure) {
        if (causedByError(failure)) {
            LOG.error("The {} stream failed with an error a new thread cannot fix; stopping the {}", name, name, failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("A {} stream thread failed; replacing it", name, failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static boolean causedByError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error) {
                return true;
            }
        }
        return false;
    }

    /** The app's state; NOT_RUNNING before start and after close. */
    public KafkaStreams.State state() {
        KafkaStreams app = streams;
        return app == null ? KafkaStreams.State.NOT_RUNNING : app.state();
    }

    /** The running app, for interactive queries of its stores; null before start and after close. */
    public KafkaStreams app() {
        return streams;
    }

    /** The app's Streams metrics (thread ratios, latencies), for benchmarks and diagnostics; empty when not started. */
    public Map<MetricName, ? extends Metric> metrics() {
        KafkaStreams app = streams;
        return app == null ? Map.of() : app.metrics();
    }

    /**
     * Stops the app within the close timeout (leaveGroup removes static members at once; dynamic ones
     * expire), then closes the registry client.
     */
    @Override
    public void close() {
        KafkaStreams app = streams;
        streams = null;
        if (app != null && !app.close(new KafkaStreams.CloseOptions().timeout(closeTimeout).leaveGroup(true))) {
            LOG.warn("The {} did not stop within {} s; leaving its threads to finish", name, closeTimeout.toSeconds());
        }
        SchemaRegistry client = registry;
        registry = null;
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("Closing the {}'s registry client failed", name, e);
            }
        }
    }
}
