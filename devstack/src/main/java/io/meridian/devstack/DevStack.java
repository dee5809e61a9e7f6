package io.meridian.devstack;

import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.devstack.s3.EmbeddedS3;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded components of one machine, started together: a Kafka broker, a schema registry that
 * stores its schemas in that broker (or in an external cluster) and an S3 endpoint, each optional.
 *
 * <p>Contract: data lives under one base directory ({@code kafka/} and {@code s3/}), so a restart
 * with the same directory and ports finds every topic, schema and object again. {@link #start()}
 * starts Kafka before the registry (S3 alongside them) and either starts every requested part or,
 * when one fails, stops those already running and throws a {@link DevStackException} naming the
 * part and the reason. {@link #close()}
 * stops the parts in reverse order and may be called more than once.
 */
public final class DevStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

    private final DevStackSettings settings;
    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;
    private EmbeddedS3 s3;
    private boolean started;

    DevStack(DevStackSettings settings) {
        this.settings = settings;
    }

    public static DevStackSettings.Builder builder() {
        return DevStackSettings.builder();
    }

    /**
     * Starts the requested parts.
     *
     * @throws DevStackException when a part does not start; nothing is left running then
     * @throws IllegalStateException when called twice
     */
    public synchronized DevStack start() {
        if (started) {
            throw new IllegalStateException("this DevStack was already started");
        }
        started = true;
        long begin = System.nanoTime();
        // S3 needs nothing from Kafka; starting it alongside saves about a second on a cold JVM.
        CompletableFuture<EmbeddedS3> s3Start = settings.s3Enabled()
                ? CompletableFuture.supplyAsync(() -> startPart("the S3 endpoint", () -> settings.s3().start()),
                        runnable -> new Thread(runnable, "meridian-devstack-s3-start").start())
                : CompletableFuture.completedFuture(null);
        DevStackException failure = startKafkaAndRegistry();
        try {
            s3 = s3Start.join();
        } catch (CompletionException e) {
            failure = firstOf(failure, e.getCause() instanceof DevStackException partFailure ? partFailure
                    : new DevStackException("could not start the S3 endpoint: " + e.getCause(), e.getCause()));
        }
        if (failure != null) {
            close();
            throw failure;
        }
        LOG.info("Devstack started in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
                endpoints());
        return this;
    }

    /** Where the running parts listen. */
    public synchronized Endpoints endpoints() {
        return new Endpoints(
                kafka == null ? null : kafka.bootstrapServers(),
                registry == null ? null : registry.url(),
                s3 == null ? null : s3.endpoint(),
                s3 == null ? null : s3.credentials());
    }

    /** The broker, or null when Kafka is not part of this stack. */
    public synchronized EmbeddedKafka kafka() {
        return kafka;
    }

    /** The registry, or null when it is not part of this stack. */
    public synchronized EmbeddedSchemaRegistry schemaRegistry() {
        return registry;
    }

    /** The S3 endpoint, or null when it is not part of this stack. */
    public synchronized EmbeddedS3 s3() {
        return s3;
    }

    /** Stops S3, the registry and Kafka, in that order; a failure to stop one does not keep the others up. */
    @Override
    public synchronized void close() {
        s3 = closeQuietly(s3, "the S3 endpoint");
        registry = closeQuietly(registry, "the schema registry");
        kafka = closeQuietly(kafka, "Kafka");
    }

    @Override
    public synchronized String toString() {
        return "DevStack{baseDir=" + settings.baseDir() + ", " + endpoints() + "}";
    }

    /** Starts Kafka, then the registry; returns the failure instead of throwing, so S3 can be awaited. */
    private DevStackException startKafkaAndRegistry() {
        try {
            if (settings.kafkaEnabled()) {
                kafka = startPart("Kafka", () -> settings.kafka().start());
            }
            if (settings.registryEnabled()) {
                registry = startPart("the schema registry", () -> settings.registry(kafkaBootstrap()).start());
            }
            return null;
        } catch (DevStackException e) {
            return e;
        }
    }

    private static DevStackException firstOf(DevStackException first, DevStackException second) {
        if (first == null) {
            return second;
        }
        first.addSuppressed(second);
        return first;
    }

    private String kafkaBootstrap() {
        return kafka != null ? kafka.bootstrapServers() : settings.externalKafkaBootstrap();
    }

    private static <T> T startPart(String part, PartStarter<T> starter) {
        try {
            return starter.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("could not start " + part + ": interrupted", e);
        } catch (Exception e) {
            throw new DevStackException("could not start " + part + ": " + e.getMessage(), e);
        }
    }

    private static <T extends AutoCloseable> T closeQuietly(T part, String name) {
        if (part != null) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed", name, e);
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface PartStarter<T> {
        T start() throws Exception;
    }
}
