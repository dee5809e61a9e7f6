package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.DemoConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.RegistrySettings;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Foundation's "done when", in process: {@code up} on the demo config with real embedded
 * components, a FileEvent produced through our serde, printed as JSON by {@code tail} from
 * "another terminal" (a second command line on the same home), and its schema served by id.
 */
@Timeout(120)
@Tag("integration")
class MeridianUpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    static EmbeddedRuntime runtime;

    @BeforeAll
    static void up() {
        MeridianHome meridianHome = new MeridianHome(home);
        MeridianConfig demo = DemoConfig.load(meridianHome.demoDir());
        runtime = EmbeddedRuntime.start(demo, meridianHome, EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldPrintAnAvroFileEventAsJsonFromAnotherCommand() throws Exception {
        FileEvent event = event("/datasets/train/shard 0001.parquet");
        int schemaId = produce(event);

        Result tail = run("tail", Topics.FILE_EVENTS, "--from-beginning", "--home", home.toString());

        assertThat(tail.exitCode).as(tail.err).isZero();
        JsonNode line = tail.lines().stream().map(MeridianUpTest::parse)
                .filter(n -> n.path("key").asText().equals(event.getPath())).findFirst().orElseThrow();
        assertThat(line.path("value").path("silo").asText()).isEqualTo("nas");
        assertThat(line.path("value").path("size").asLong()).isEqualTo(4096);
        assertThat(line.path("value").path("type").asText()).isEqualTo("UPSERT");

        HttpResponse<String> schema = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(runtime.endpoints().registryUrl() + "/schemas/ids/" + schemaId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("FileEvent");
    }

    @Test
    void shouldPublishTheConfiguredSilosOnUp() {
        Result tail = run("tail", Topics.SILOS, "--from-beginning", "--home", home.toString());

        assertThat(tail.exitCode).as(tail.err).isZero();
        assertThat(tail.lines()).extracting(l -> parse(l).path("key").asText())
                .containsOnly("nas", "gpu-nvme", "archive");
        assertThat(tail.out).doesNotContain(runtime.stack().s3().secretKey());
    }

    @Test
    void shouldRunInitAgainIdempotently() {
        Result init = run("init", "--home", home.toString());

        assertThat(init.exitCode).as(init.err).isZero();
        assertThat(init.out).contains("Topics: 0 created, " + Topics.all().size() + " already present");
    }

    @Test
    void shouldKeepADrainingSiloDrainingWhenInitRunsAgain() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.endpoints().kafkaBootstrap());
        try (SchemaRegistry registry = new HttpSchemaRegistryClient(RegistrySettings.of(runtime.endpoints().registryUrl()));
             KafkaProducer<String, Silo> producer = new KafkaProducer<>(props, new StringSerializer(),
                     TopicCatalog.SILOS.bind(registry).valueSerde().serializer())) {
            Silo draining = DemoConfig.load(new MeridianHome(home).demoDir()).silo("nas").orElseThrow().toAvro();
            draining.setState(SiloState.DRAINING);
            producer.send(new ProducerRecord<>(Topics.SILOS, "nas", draining)).get();
        }

        assertThat(run("init", "--home", home.toString()).exitCode()).isZero();

        Result tail = run("tail", Topics.SILOS, "--from-beginning", "--home", home.toString());
        List<String> states = tail.lines().stream().map(MeridianUpTest::parse)
                .filter(n -> n.path("key").asText().equals("nas")).map(n -> n.path("value").path("state").asText()).toList();
        // after the drain, init republished nas; the placement stage in up may retire it (it holds no file)
        List<String> afterDrain = states.subList(states.indexOf("DRAINING"), states.size());
        assertThat(afterDrain).hasSizeGreaterThan(1).containsOnly("DRAINING", "RETIRED");
    }

    @Test
    void shouldRecordEndpointsWithoutSecrets() throws Exception {
        String endpoints = Files.readString(home.resolve("endpoints.json"));
        assertThat(endpoints).contains(runtime.endpoints().kafkaBootstrap());
        assertThat(endpoints).doesNotContain(runtime.stack().s3().secretKey());
        assertThat(Files.getPosixFilePermissions(home.resolve("s3-credentials.properties")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void shouldRefuseASecondUpOnTheSameHome() {
        Result up = run("up", "--home", home.toString());
        assertThat(up.exitCode).isEqualTo(1);
        assertThat(up.err).contains("already running");
    }

    private static int produce(FileEvent event) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.endpoints().kafkaBootstrap());
        try (SchemaRegistry registry = new HttpSchemaRegistryClient(RegistrySettings.of(runtime.endpoints().registryUrl()));
             KafkaProducer<String, FileEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                     TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.FILE_EVENTS, event.getPath(), event)).get();
            byte[] bytes = TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer().serialize(Topics.FILE_EVENTS, event);
            return ByteBuffer.wrap(bytes, 1, 4).getInt();
        }
    }

    static FileEvent event(String path) {
        Instant now = Instant.now();
        return FileEvent.newBuilder().setPath(path).setSilo("nas").setType(FileEventType.UPSERT).setSize(4096)
                .setMtime(now).setSequencer("00000000000000000001").setSource(EventSource.HOOK).setObservedAt(now).build();
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Meridian.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
