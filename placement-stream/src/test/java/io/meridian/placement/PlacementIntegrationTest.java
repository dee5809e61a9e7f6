package io.meridian.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.DemoConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.StageContext;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement stage on the real embedded broker and registry, every topic with 3 partitions: a
 * directory tagged stage=training becomes copy commands to the nvme silo, and a staging request for
 * it reaches READY once results come back. Movers are a test double ({@link FakeMover}): it answers
 * every command with SUCCEEDED and publishes the FileRecord the classifier would, with the new
 * instance — so this test does not depend on the movers or classifier stages.
 */
@Timeout(120)
@Tag("integration")
class PlacementIntegrationTest {
    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static EmbeddedSchemaRegistry registryServer;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
        registryServer = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        try (Admin admin = Admin.create(kafkaProps())) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), 3, (short) 1);
        }
    }

    @AfterAll
    static void stop() {
        if (registryServer != null) {
            registryServer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldCopyTrainingDirectoryToNvmeAndReportStagingReady() throws Exception {
        try (SchemaRegistry registry = HttpSchemaRegistryClient.of(registryServer.url())) {
            PlacementTopics topics = PlacementTopics.of(registry);
            StageContext context = new StageContext(DemoConfig.load(dir.resolve("demo")), kafkaProps(),
                    () -> HttpSchemaRegistryClient.of(registryServer.url()), dir.resolve("state"), Optional.empty());
            Map<String, FileRecord> records = new HashMap<>();
            try (PlacementApp app = new PlacementApp(context);
                 KafkaProducer<String, Object> producer = producer()) {
                send(producer, topics.silos(), "nas", Fixtures.nas());
                send(producer, topics.silos(), "gpu-nvme", Fixtures.nvme());
                send(producer, topics.policies(), "training-on-nvme", Fixtures.trainingOnNvme());
                app.start();
                for (int i = 0; i < 9; i++) {
                    FileRecord record = Fixtures.record("/datasets/train/shard-" + i + ".bin", 1, Map.of("stage", "training"),
                            Fixtures.instance("nas", 1000 + i, 100L + i));
                    records.put(record.getPath(), record);
                    send(producer, topics.metadata(), record.getPath(), record);
                }
                // Every file has its copy planned, so each partition holds its files before the request
                // arrives: a partition still catching up would report fewer files than it will hold.
                Map<String, MoveCommand> planned = awaitCopies(topics, records.size());
                send(producer, topics.stagingRequests(), "job-7", Fixtures.staging("job-7", "gpu-east",
                        List.of("/datasets/train/"), Map.of(), Instant.now().plusSeconds(300), Instant.now().plusSeconds(3600)));

                actAsMover(producer, topics, records, planned.values());
                assertThat(planned).hasSize(9);
                StagingStatus ready = awaitReady(topics, registry);
                assertThat(ready.getFilesTotal()).isEqualTo(9);
                assertThat(ready.getFilesReady()).isEqualTo(9);
            }
        }
    }

    /** The first copy command of each file, once there is one for {@code files} files (or a minute passed). */
    private static Map<String, MoveCommand> awaitCopies(PlacementTopics topics, int files) {
        Map<String, MoveCommand> planned = new HashMap<>();
        try (KafkaConsumer<String, MoveCommand> consumer = consumer(topics.moveCommands())) {
            consumer.subscribe(List.of(Topics.MOVE_COMMANDS));
            long until = System.currentTimeMillis() + 60_000;
            while (planned.size() < files && System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, MoveCommand> r : consumer.poll(Duration.ofMillis(200))) {
                    MoveCommand command = r.value();
                    assertThat(command.getOp()).isEqualTo(MoveOp.COPY);
                    assertThat(command.getTargetSilo()).isEqualTo("gpu-nvme");
                    planned.putIfAbsent(command.getPath(), command);
                }
            }
        }
        return planned;
    }

    /** Answers each copy command with success and publishes the updated record, as a mover would. */
    private static void actAsMover(KafkaProducer<String, Object> producer, PlacementTopics topics,
                                   Map<String, FileRecord> records, Collection<MoveCommand> commands) {
        for (MoveCommand command : commands) {
            send(producer, topics.moveResults(), command.getPath(), Fixtures.result(command, MoveStatus.SUCCEEDED));
            FileRecord next = FakeMover.apply(records.get(command.getPath()), command);
            records.put(next.getPath(), next);
            send(producer, topics.metadata(), next.getPath(), next);
        }
    }

    private static StagingStatus awaitReady(PlacementTopics topics, SchemaRegistry registry) {
        try (KafkaConsumer<String, StagingStatus> consumer = consumer(topics.stagingStatus())) {
            consumer.subscribe(List.of(Topics.STAGING_STATUS));
            long until = System.currentTimeMillis() + 60_000;
            StagingStatus last = null;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, StagingStatus> r : consumer.poll(Duration.ofMillis(200))) {
                    last = r.value();
                    if (last.getState() == StagingState.READY) {
                        return last;
                    }
                }
            }
            throw new AssertionError("staging request never became READY; last status " + last);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> void send(KafkaProducer<String, Object> producer, Topic<String, V> topic, String key, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        ((KafkaProducer<String, byte[]>) (KafkaProducer<?, ?>) producer).send(new ProducerRecord<>(topic.name(), key, bytes));
        producer.flush();
    }

    private static KafkaProducer<String, Object> producer() {
        Properties props = kafkaProps();
        return new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(),
                (topic, value) -> (byte[]) value);
    }

    private static <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
        Properties props = kafkaProps();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic.name() + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private static Properties kafkaProps() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }
}
