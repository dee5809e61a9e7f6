package io.meridian.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.schemas.registry.SchemaRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage lifecycle on real Kafka Streams threads whose consumers are scripted (no broker): what
 * the main consumer's poll throws is what a stream thread dies of.
 */
class StreamsStageTest {
    private static final Duration START = Duration.ofSeconds(3);
    private static final Duration CLOSE = Duration.ofSeconds(1);

    @TempDir
    java.nio.file.Path stateDir;

    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean registryClosed = new AtomicBoolean();
    private StreamsStage stage;

    @AfterEach
    void tearDown() {
        released.countDown();
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void shouldReplaceAStreamThreadThatDiesOfAnException() throws Exception {
        Clients clients = new Clients(() -> new IllegalStateException("a bad moment"), 1);
        stage = new StreamsStage("test", START, CLOSE, clients);
        CompletableFuture<Void> started = CompletableFuture.runAsync(this::startQuietly);

        awaitConsumers(clients, 2);

        assertThat(stage.state()).isIn(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);
        stage.close();
        started.join();
    }

    @Test
    void shouldShutDownWhenAStreamThreadDiesOfAnError() {
        Clients clients = new Clients(() -> new NoClassDefFoundError("io/meridian/Missing"), Integer.MAX_VALUE);
        stage = new StreamsStage("test", START, CLOSE, clients);
        long begin = System.nanoTime();

        assertThatThrownBy(() -> stage.start(this::registry, StreamsStageTest::topology, properties()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not reach RUNNING");

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(START);
        assertThat(clients.consumers.get()).isEqualTo(1);
        assertThat(registryClosed).isTrue();
    }

    @Test
    void shouldCloseWithinItsTimeoutEvenWhenAThreadHangsAndCloseTheRegistry() throws Exception {
        Clients clients = new Clients(null, 0);
        stage = new StreamsStage("test", START, CLOSE, clients);
        CompletableFuture<Void> started = CompletableFuture.runAsync(this::startQuietly);
        awaitConsumers(clients, 1);
        Thread.sleep(200); // let the thread block in poll

        long begin = System.nanoTime();
        stage.close();

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(CLOSE.plusSeconds(2));
        assertThat(registryClosed).isTrue();
        assertThat(stage.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        released.countDown();
        started.join();
    }

    @Test
    void shouldBeSafeToCloseBeforeStartAndTwice() {
        stage = new StreamsStage("test");
        stage.close();
        stage.close();
        assertThat(stage.metrics()).isEmpty();
    }

    @Test
    void shouldReplaceOnExceptionsAndShutDownOnErrorsWrappedAnywhere() {
        assertThat(StreamsStage.respond("t", new StreamsException("task failed", new IllegalArgumentException())))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(StreamsStage.respond("t", new StreamsException(new RuntimeException(new OutOfMemoryError()))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    private void startQuietly() {
        try {
            stage.start(this::registry, StreamsStageTest::topology, properties());
        } catch (Exception e) {
            // not RUNNING without a broker's assignment: these tests look at threads, not at RUNNING
        }
    }

    /** An in-memory registry that notes its close. */
    private SchemaRegistry registry() {
        SchemaRegistry registry = new InMemorySchemaRegistry();
        return (SchemaRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SchemaRegistry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        registryClosed.set(true);
                    }
                    return method.invoke(registry, args);
                });
    }

    private static Topology topology(SchemaRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        return builder.build();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-stage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return props;
    }

    private static void awaitConsumers(Clients clients, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (clients.consumers.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(clients.consumers.get()).isGreaterThanOrEqualTo(count);
    }

    /**
     * Scripted clients: the first {@code failing} main consumers throw {@code failure} from poll; the
     * others block in poll until the test ends (a hung thread).
     */
    private final class Clients implements KafkaClientSupplier {
        final AtomicInteger consumers = new AtomicInteger();
        private final Supplier<Throwable> failure;
        private final int failing;

        Clients(Supplier<Throwable> failure, int failing) {
            this.failure = failure;
            this.failing = failing;
        }

        @Override
        public Admin getAdmin(Map<String, Object> config) {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"));
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
            boolean fails = consumers.incrementAndGet() <= failing;
            return new MockConsumer<>("earliest") {
                @Override
                public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                    if (fails) {
                        Throwable t = failure.get();
                        if (t instanceof Error error) {
                            throw error;
                        }
                        throw (RuntimeException) t;
                    }
                    try {
                        released.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ConsumerRecords.empty();
                }
            };
        }

        @Override
        public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
            return new MockConsumer<>("earliest");
        }

        @Override
        public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
            return new MockConsumer<>("earliest");
        }
    }
}
