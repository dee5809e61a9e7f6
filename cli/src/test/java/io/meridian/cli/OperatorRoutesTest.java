package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.DemoConfig;
import io.meridian.config.KafkaConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.expr.Condition;
import io.meridian.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP twins of the tag, policy, stage and silo commands, on a running {@code up} whose Kafka
 * clients are counted ({@link ClientCounter}, set as the config's {@code metric.reporters}).
 */
@Timeout(180)
@Tag("integration")
class OperatorRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int BURST = 20;

    @TempDir
    static Path home;

    static EmbeddedRuntime runtime;

    @BeforeAll
    static void up() {
        MeridianHome meridianHome = new MeridianHome(home);
        MeridianConfig demo = DemoConfig.load(meridianHome.demoDir());
        KafkaConfig counted = new KafkaConfig(demo.kafka().bootstrap(), Map.of("metric.reporters", ClientCounter.class.getName()),
                demo.kafka().partitions(), demo.kafka().replicationFactor());
        runtime = EmbeddedRuntime.start(new MeridianConfig(demo.source(), counted, demo.schemaRegistry(), demo.silos(),
                demo.classification(), demo.policies(), demo.http(), demo.classificationDefaults()), meridianHome, EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldPublishATagCommandAndRefuseABadKey() throws Exception {
        HttpResponse<String> ok = call("POST", "/v1/tags", "{\"path\": \"/datasets/train/\", \"set\": {\"stage\": \"training\"}}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(JSON.readTree(ok.body()).path("op").asText()).isEqualTo("SET");
        MeridianUpTest.Result tail = MeridianUpTest.run("tail", Topics.TAG_COMMANDS, "--from-beginning", "--home", home.toString());
        assertThat(tail.out()).contains("\"key\":\"/datasets/train/\"", "\"stage\":\"training\"");
        MeridianUpTest.Result listed = MeridianUpTest.run("tag", "ls", "/datasets/train/", "--home", home.toString());
        assertThat(listed.out()).as(listed.err()).contains("stage=training  (set on /datasets/train/)");

        HttpResponse<String> bad = call("POST", "/v1/tags", "{\"path\": \"/datasets/../etc/\", \"set\": {\"stage\": \"x\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'..' segment");
    }

    @Test
    void shouldApplyListAndRemoveAPolicy() throws Exception {
        String yaml = "policies:\n  - name: hot-eval\n    when: \"path.startsWith('/datasets/eval/')\"\n    place: { tier: nvme }\n";
        HttpResponse<String> applied = call("POST", "/v1/policies", yaml);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(call("GET", "/v1/policies", null).body()).contains("hot-eval", "training-on-nvme");

        assertThat(call("DELETE", "/v1/policies/hot-eval", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/policies", null).body()).doesNotContain("hot-eval");
        assertThat(call("DELETE", "/v1/policies/hot-eval", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/v1/policies", "policies:\n  - name: broken\n").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseAPolicyOnAnUnknownSiloWith400AndTheConfigLoadersMessage() throws Exception {
        HttpResponse<String> refused = call("POST", "/v1/policies",
                "policies:\n  - name: nowhere\n    when: \"true\"\n    place: {silos: [nope]}\n");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").asText())
                .isEqualTo("request body:4: policies[0].place.silos[0]: unknown silo 'nope' (known silos: archive, gpu-nvme, nas)");
        assertThat(call("GET", "/v1/policies", null).body()).doesNotContain("nowhere");
    }

    @Test
    void shouldRefuseABadConditionWithTheSameMessageInTheConfigInPolicyApplyAndOverHttp() throws Exception {
        Path dir = Files.createDirectories(home.resolve("conditions"));
        for (String when : List.of("colour == 'red'", "size == 'big'", "size")) {
            String expected = "policies[0].when: " + Condition.problem(when, Condition.Use.POLICY);
            String policy = "policies:\n  - name: bad\n    when: \"" + when + "\"\n    place: { tier: nvme }\n";
            Path config = Files.writeString(dir.resolve("meridian.yaml"), "silos:\n  - {id: nas, kind: posix, root: ./nas,"
                    + " mount: /datasets, site: onprem, tier: nvme, capacity: 1GiB}\n" + policy);
            Path file = Files.writeString(dir.resolve("policy.yaml"), policy);

            // the config loader, as up, serve and init run it ('policy ls' asks the running server)
            MeridianUpTest.Result loaded = MeridianUpTest.run("init", "--config", config.toString(), "--home", home.toString());
            MeridianUpTest.Result applied = MeridianUpTest.run("policy", "apply", file.toString(), "--home", home.toString());
            HttpResponse<String> posted = call("POST", "/v1/policies", policy);

            assertThat(loaded.exitCode()).as(loaded.err()).isEqualTo(2);
            assertThat(loaded.err()).contains("meridian.yaml:5: " + expected);
            assertThat(applied.exitCode()).as(applied.err()).isEqualTo(1);
            assertThat(applied.err()).contains("policy.yaml:3: " + expected);
            assertThat(posted.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(posted.body()).path("error").asText()).isEqualTo("request body:3: " + expected);
        }
        assertThat(call("GET", "/v1/policies", null).body()).doesNotContain("\"bad\"");
    }

    @Test
    void shouldRefuseAStagingRequestForAnUnknownSiteOrTierWithTheValidValues() throws Exception {
        HttpResponse<String> mars = call("POST", "/v1/staging",
                "{\"job\": \"j8\", \"site\": \"mars\", \"prefixes\": [\"/datasets/train/\"], \"deadline\": \"10m\", \"pinUntil\": \"1h\"}");
        assertThat(mars.statusCode()).as(mars.body()).isEqualTo(400);
        String refused = JSON.readTree(mars.body()).path("error").asText();
        assertThat(refused).startsWith("site: unknown site 'mars' (known sites: ").contains("gpu-east", "onprem");
        HttpResponse<String> tier = call("POST", "/v1/staging", "{\"job\": \"j8\", \"site\": \"gpu-east\", \"tier\": \"archive\", "
                + "\"prefixes\": [\"/datasets/train/\"], \"deadline\": \"10m\", \"pinUntil\": \"1h\"}");
        assertThat(tier.statusCode()).as(tier.body()).isEqualTo(400);
        assertThat(tier.body()).contains("tier: no silo at site 'gpu-east' has tier 'archive' (tiers there: nvme)");
        HttpResponse<String> noSuchTier = call("POST", "/v1/staging", "{\"job\": \"j8\", \"site\": \"gpu-east\", \"tier\": \"warp\", "
                + "\"prefixes\": [\"/datasets/train/\"], \"deadline\": \"10m\", \"pinUntil\": \"1h\"}");
        assertThat(noSuchTier.statusCode()).isEqualTo(400);
        assertThat(noSuchTier.body()).contains("tier: unknown tier 'warp' (tiers: archive, capacity, performance, nvme)");

        MeridianUpTest.Result cli = MeridianUpTest.run("stage", "create", "--job", "j8", "--site", "mars",
                "--prefix", "/datasets/train/", "--deadline", "10m", "--pin-until", "1h", "--home", home.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
        assertThat(cli.err()).as("the same message as the HTTP answer").contains(refused);
        assertThat(cli.out()).as("no request id: nothing was published").isBlank();
        assertThat(MeridianUpTest.run("stage", "create", "--help").out()).contains("Exit codes:", "unknown site or tier");
    }

    @Test
    void shouldCreateAStagingRequestAndServeItsStatus() throws Exception {
        HttpResponse<String> created = call("POST", "/v1/staging",
                "{\"job\": \"j7\", \"site\": \"gpu-east\", \"prefixes\": [\"/datasets/none/\"], \"deadline\": \"10m\", \"pinUntil\": \"1h\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = JSON.readTree(created.body()).path("requestId").asText();

        JsonNode status = null;
        for (int i = 0; i < 60 && status == null; i++) { // placement publishes a status once it has seen the request
            HttpResponse<String> answer = call("GET", "/v1/staging/" + id, null);
            status = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
            Thread.sleep(250);
        }
        assertThat(status).isNotNull();
        assertThat(status.path("jobId").asText()).isEqualTo("j7");
        assertThat(status.path("state").asText()).isIn("PENDING", "STAGING", "READY");
        assertThat(call("POST", "/v1/staging", "{\"site\": \"gpu-east\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldDrainASilo() throws Exception {
        HttpResponse<String> drained = call("POST", "/v1/silos/archive/drain", "");
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(202);
        MeridianUpTest.Result tail = MeridianUpTest.run("tail", Topics.SILOS, "--from-beginning", "--home", home.toString());
        assertThat(tail.out()).contains("\"state\":\"DRAINING\"");
        HttpResponse<String> nope = call("POST", "/v1/silos/nope/drain", "");
        assertThat(nope.statusCode()).isEqualTo(404);
        assertThat(nope.body()).contains("no silo 'nope' on meridian.silos (known silos: archive, gpu-nvme, nas)");
        MeridianUpTest.Result cli = MeridianUpTest.run("silo", "drain", "nope", "--home", home.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("no silo 'nope' on meridian.silos (known silos: archive, gpu-nvme, nas)");
    }

    @Test
    void shouldServeABurstOfTagStagingAndReleaseRequestsWithoutCreatingAProducerOrConsumerPerRequest() throws Exception {
        assertThat(tag(0).statusCode()).isEqualTo(202); // first use: schemas registered, clients warm
        assertThat(stage(0).statusCode()).isEqualTo(202);
        assertThat(ClientCounter.created("kafka.producer")).as("the counter sees the process's clients").isPositive();
        int producers = ClientCounter.created("kafka.producer");
        int consumers = ClientCounter.created("kafka.consumer");

        for (int i = 1; i <= BURST; i++) {
            HttpResponse<String> tagged = tag(i);
            assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(202);
            HttpResponse<String> staged = stage(i);
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(202);
            String id = JSON.readTree(staged.body()).path("requestId").asText();
            assertThat(call("GET", "/v1/staging/never-sent-" + i, null).statusCode()).isEqualTo(404);
            assertThat(call("DELETE", "/v1/staging/" + id, null).statusCode()).as("released at once").isEqualTo(202);
            assertThat(call("DELETE", "/v1/staging/" + id, null).statusCode()).as("released already").isEqualTo(404);
        }

        assertThat(ClientCounter.created("kafka.producer") - producers)
                .as("producers created by %d tag, %d staging and %d release requests", BURST, BURST, 2 * BURST).isZero();
        assertThat(ClientCounter.created("kafka.consumer") - consumers)
                .as("consumers created by %d staging, %d status and %d release requests", BURST, BURST, 2 * BURST).isLessThan(BURST);
    }

    @Test
    void shouldExplainAFileAsTheCommandDoesAndAnswer404ForAnUnknownPath() throws Exception {
        assertThat(call("GET", "/v1/explain/datasets/no/such.bin", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/explain/datasets/../etc/passwd", null).statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> tag(int i) throws Exception {
        return call("POST", "/v1/tags", "{\"path\": \"/datasets/burst/" + i + "/\", \"set\": {\"stage\": \"training\"}}");
    }

    private static HttpResponse<String> stage(int i) throws Exception {
        return call("POST", "/v1/staging", "{\"job\": \"burst-" + i + "\", \"site\": \"gpu-east\", \"prefixes\": [\"/datasets/none/\"],"
                + " \"deadline\": \"10m\", \"pinUntil\": \"1h\"}");
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.endpoints().httpUrl() + path))
                .timeout(Duration.ofSeconds(30)).method(method, publisher);
        if (body != null && !body.isEmpty()) {
            request.header("Content-Type", path.startsWith("/v1/policies") ? "application/yaml" : "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
