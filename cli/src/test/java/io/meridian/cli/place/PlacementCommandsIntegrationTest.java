package io.meridian.cli.place;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.Meridian;
import io.meridian.cli.ops.Publisher;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.cli.runtime.StageCatalog;
import io.meridian.cli.runtime.StageRole;
import io.meridian.cli.runtime.StageRunner;
import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.http.HttpApi;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement subcommands against a real embedded broker and registry (a config naming them, as a
 * cluster would) and a {@code serve} on them: policy apply/ls/rm, explain of a tagged file, stage create,
 * and silo drain.
 */
@Timeout(120)
@org.junit.jupiter.api.Tag("integration")
class PlacementCommandsIntegrationTest {
    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static EmbeddedSchemaRegistry registry;
    static Path config;
    static StageRunner server;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
        registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        config = dir.resolve("meridian.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap: %s
                  partitions: 3
                schemaRegistry:
                  url: %s
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 500GiB}
                  - {id: gpu-nvme, kind: posix, root: ./nvme, mount: /datasets, site: gpu-east, tier: nvme, capacity: 50GiB}
                """.formatted(kafka.bootstrapServers(), registry.url()));
        assertThat(run("init", "--config", config.toString()).exitCode()).isZero();
        MeridianConfig loaded = ConfigLoader.load(config);
        StageContext context = Connections.stageContextFor(loaded.withHttp(loaded.http().withPort(0)), new MeridianHome(dir.resolve("home")));
        List<Stage> stages = StageCatalog.forRoles(context, EnumSet.of(StageRole.SERVE));
        server = new StageRunner().start(stages);
        url = stages.stream().filter(HttpApi.class::isInstance).map(s -> ((HttpApi) s).url()).findFirst().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldApplyListExplainDrainAndRemove() throws Exception {
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(policies, """
                policies:
                  - name: training-on-nvme
                    when: "tags.stage == 'training'"
                    place: { site: gpu-east, tier: nvme }
                    priority: 10
                """);
        assertThat(run("policy", "apply", policies.toString(), "--url", url).out()).contains("applied training-on-nvme");
        assertThat(run("policy", "ls", "--url", url).out()).containsPattern("training-on-nvme\\s+tags.stage == 'training'\\s+site gpu-east tier nvme\\s+1\\s+10");
        publishRecord("/datasets/train/a.bin");

        Result explain = run("explain", "/datasets/train/a.bin", "--url", url);
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("training-on-nvme", "matched, wins", "Desired: [gpu-nvme]", "actual: [nas]",
                "Next: COPY nas -> gpu-nvme for training-on-nvme", "In flight: none");

        Result create = run("stage", "create", "--job", "j1", "--site", "gpu-east", "--prefix", "/datasets/train/",
                "--deadline", "30m", "--pin-until", "2h", "--id", "req-1", "--url", url);
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out().strip()).isEqualTo("req-1");
        assertThat(run("explain", "/datasets/train/a.bin", "--url", url).out())
                .contains("staging req-1: best silo at gpu-east");

        assertThat(run("silo", "drain", "nas", "--url", url).exitCode()).isZero();
        assertThat(run("explain", "/datasets/train/a.bin", "--url", url).out()).contains("drain nas");

        assertThat(run("policy", "rm", "training-on-nvme", "--url", url).exitCode()).isZero();
        assertThat(run("policy", "ls", "--url", url).out()).contains("no policies");
        assertThat(run("policy", "rm", "training-on-nvme", "--url", url).err()).contains("no policy named");
    }

    @Test
    void shouldRefuseAPolicyOnAnUnknownSiloWithTheConfigLoadersMessage() throws Exception {
        String policy = "policies:\n  - name: nowhere\n    when: \"true\"\n    place: {silos: [nope]}\n";
        Path policies = Files.writeString(dir.resolve("nowhere.yaml"), policy);
        Path withPolicy = Files.writeString(dir.resolve("with-policy.yaml"), Files.readString(config) + policy);
        String problem = "policies[0].place.silos[0]: unknown silo 'nope' (known silos: gpu-nvme, nas)";

        Result apply = run("policy", "apply", policies.toString(), "--url", url);
        Result loader = run("init", "--config", withPolicy.toString()); // the config loader, as up and serve load it

        assertThat(apply.exitCode()).as("a bad policy file is a bad argument").isEqualTo(1);
        assertThat(apply.err().strip()).isEqualTo("meridian: " + policies + ":4: " + problem);
        assertThat(loader.exitCode()).as("a bad meridian.yaml").isEqualTo(2);
        assertThat(loader.err().strip()).isEqualTo("meridian: with-policy.yaml:12: " + problem);
        assertThat(run("policy", "ls", "--url", url).out()).doesNotContain("nowhere");
    }

    private static void publishRecord(String path) {
        try (SchemaRegistry client = HttpSchemaRegistryClient.of(registry.url())) {
            Instant now = Instant.now();
            FileRecord record = FileRecord.newBuilder().setPath(path)
                    .setInstances(List.of(Instance.newBuilder().setSilo("nas").setSize(100).setMtime(now).setCrc32c(5L)
                            .setState(InstanceState.PRESENT).setSequencer("0000000000000001-0").setUpdatedAt(now).build()))
                    .setTags(Map.of("stage", Tag.newBuilder().setValue("training").setSetBy("test").setSetAt(now).build()))
                    .setVersion(1).setUpdatedAt(now).build();
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            try (Publisher publisher = new Publisher(props)) {
                publisher.publish(TopicCatalog.METADATA.bind(client), path, record);
            }
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Meridian.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }
}
