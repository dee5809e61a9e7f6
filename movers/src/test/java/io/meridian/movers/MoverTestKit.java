package io.meridian.movers;

import io.meridian.config.KafkaConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.config.RegistryConfig;
import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Precondition;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.RegistrySettings;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroSerde;
import io.meridian.stage.StageContext;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The embedded broker, registry and S3 endpoint a mover test runs against, and the configs built on
 * them. {@link #write(Path, List, Path)} saves what a child-JVM mover needs to build the same context.
 */
final class MoverTestKit implements AutoCloseable {
    static final int PARTITIONS = 3;

    final EmbeddedKafka kafka;
    final EmbeddedSchemaRegistry registryServer;
    final EmbeddedS3 s3;
    private final SchemaRegistry registry;
    private final KafkaProducer<String, byte[]> producer;

    MoverTestKit(Path dir) throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
        registryServer = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        s3 = EmbeddedS3.builder().port(0).build().start();
        registry = new HttpSchemaRegistryClient(RegistrySettings.of(registryServer.url()));
        Properties admin = kafkaProperties(kafka.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            new TopicBootstrap(client, Duration.ofSeconds(30)).ensure(Topics.all(), PARTITIONS, (short) 1);
        }
        producer = new KafkaProducer<>(admin, new StringSerializer(), new ByteArraySerializer());
    }

    static Properties kafkaProperties(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    static SiloConfig posix(String id, Path root, long capacity) {
        return new SiloConfig(id, SiloKind.POSIX, root.toString(), null, null, null, "/data", "site", Tier.CAPACITY,
                capacity, 0, 0, 0.85, 0.7, null, Map.of());
    }

    static SiloConfig s3(String id, String bucket) {
        return new SiloConfig(id, SiloKind.S3, null, "embedded", bucket, "pre", "/data", "site", Tier.ARCHIVE,
                0, 0, 0, 0.85, 0.7, null, Map.of());
    }

    static StageContext context(String bootstrap, String registryUrl, S3Endpoint s3, List<SiloConfig> silos, Path state) {
        MeridianConfig config = new MeridianConfig("test", new KafkaConfig(bootstrap, Map.of(), PARTITIONS, (short) 1),
                new RegistryConfig(registryUrl, Map.of()), silos, List.of(), List.of());
        return new StageContext(config, kafkaProperties(bootstrap),
                () -> new HttpSchemaRegistryClient(RegistrySettings.of(registryUrl)), state, Optional.ofNullable(s3));
    }

    S3Endpoint s3Endpoint() {
        return new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    StageContext context(List<SiloConfig> silos, Path state) {
        return context(kafka.bootstrapServers(), registryServer.url(), s3Endpoint(), silos, state);
    }

    /** Saves the connection and silos (POSIX only) for {@link MoverProcessMain}. */
    void write(Path file, List<SiloConfig> silos, Path state) throws IOException {
        Properties p = new Properties();
        p.setProperty("bootstrap", kafka.bootstrapServers());
        p.setProperty("registry", registryServer.url());
        p.setProperty("state", state.toString());
        p.setProperty("silos", String.join(",", silos.stream().map(SiloConfig::id).toList()));
        for (SiloConfig silo : silos) {
            p.setProperty("silo." + silo.id() + ".root", silo.root());
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "mover child process");
        }
    }

    static StageContext read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        List<SiloConfig> silos = new ArrayList<>();
        for (String id : p.getProperty("silos").split(",")) {
            silos.add(posix(id, Path.of(p.getProperty("silo." + id + ".root")), 0));
        }
        return context(p.getProperty("bootstrap"), p.getProperty("registry"), null, silos, Path.of(p.getProperty("state")));
    }

    static MoveCommand command(MoveOp op, String path, String from, String to, long size, Instant mtime, Long crc) {
        Precondition expected = Precondition.newBuilder().setSize(size).setMtime(mtime).setEtag(null).setCrc32c(crc)
                .setRecordVersion(1).build();
        return MoveCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setPath(path).setOp(op)
                .setSourceSilo(from).setTargetSilo(to).setExpected(expected).setReason("test").setIssuedAt(Instant.now())
                .build();
    }

    void send(MoveCommand command) throws Exception {
        byte[] value = AvroSerde.specific(MoveCommand.class, registry).serializer().serialize(Topics.MOVE_COMMANDS, command);
        sendRaw(command.getPath(), value);
    }

    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.MOVE_COMMANDS, key, value)).get();
    }

    /** Reads every record of a topic from the beginning until {@code done} holds or the timeout passes. */
    <T> List<T> readUntil(String topic, Class<T> type, java.util.function.Predicate<List<T>> done, Duration timeout) {
        var deserializer = type == MoveResult.class || type == FileEvent.class
                ? AvroSerde.specific(type.asSubclass(org.apache.avro.specific.SpecificRecord.class), registry).deserializer()
                : null;
        List<T> seen = new ArrayList<>();
        Properties props = kafkaProperties(kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                parts.add(new TopicPartition(topic, i));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end && !done.test(seen)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(type.cast(deserializer == null ? record.value() : deserializer.deserialize(topic, record.value())));
                }
            }
        }
        return seen;
    }

    List<MoveResult> results(java.util.function.Predicate<List<MoveResult>> done) {
        return readUntil(Topics.MOVE_RESULTS, MoveResult.class, done, Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        producer.close();
        registry.close();
        s3.close();
        registryServer.close();
        kafka.close();
    }
}
