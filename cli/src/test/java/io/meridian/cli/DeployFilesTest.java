package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meridian.cli.runtime.StageRole;
import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment files cannot run here (no Docker, no Kubernetes), so their Meridian parts are
 * checked against the code: every container runs a real subcommand with options it accepts, every
 * stage runs twice, and the configs they mount load and put the HTTP API behind tokens.
 */
class DeployFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeRunsEveryStageTwiceWithCommandsTheCliAccepts() throws Exception {
        JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
        Map<String, Integer> replicas = new HashMap<>();
        services.fields().forEachRemaining(service -> {
            JsonNode command = service.getValue().get("command");
            // Meridian's services are the ones built here (YAML merge keys: the parser sees no build), not pulled.
            if (!service.getValue().has("image") && command != null && command.isArray()) {
                List<String> args = texts(command);
                assertAccepted(service.getKey(), args);
                replicas.merge(args.get(0), service.getValue().path("deploy").path("replicas").asInt(1), Integer::sum);
            }
        });
        for (String stage : StageRole.labels()) {
            assertThat(replicas.getOrDefault(stage, 0)).as("replicas of %s in docker-compose.yml", stage).isGreaterThanOrEqualTo(2);
        }
        assertThat(replicas).containsKey("init");
        MeridianConfig config = ConfigLoader.load(ROOT.resolve("deploy/meridian.compose.yaml"));
        assertThat(config.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(config.http().hasTokens()).isTrue();
    }

    @Test
    void kubernetesRunsEveryStageTwiceWithCommandsTheCliAcceptsAndAConfigThatLoads() throws Exception {
        Map<String, Integer> replicas = new HashMap<>();
        String config = null;
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(ROOT.resolve("deploy/k8s/meridian.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc.path("kind").asText().equals("ConfigMap")) {
                    config = doc.path("data").path("meridian.yaml").asText();
                }
                for (JsonNode container : doc.path("spec").path("template").path("spec").path("containers")) {
                    List<String> args = texts(container.get("args"));
                    assertAccepted(doc.path("metadata").path("name").asText(), args);
                    replicas.merge(args.get(0), doc.path("spec").path("replicas").asInt(1), Integer::sum);
                }
            }
        }
        for (String stage : StageRole.labels()) {
            assertThat(replicas.getOrDefault(stage, 0)).as("replicas of %s in deploy/k8s", stage).isGreaterThanOrEqualTo(2);
        }
        Path file = Files.createTempFile("meridian-k8s", ".yaml");
        Files.writeString(file, config);
        MeridianConfig loaded = ConfigLoader.load(file);
        assertThat(loaded.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(loaded.http().hasTokens()).isTrue();
        Files.delete(file);
    }

    @Test
    void kubernetesStagingInitContainerWaitsForReadyWithACommandTheCliAccepts() throws Exception {
        List<List<String>> stageIns = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class)
                .readValues(ROOT.resolve("deploy/k8s/staging-init-container.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode pod = docs.next().path("spec").path("template").path("spec");
                for (JsonNode init : pod.path("initContainers")) {
                    List<String> args = texts(init.get("args"));
                    assertAccepted(init.path("name").asText(), args);
                    assertThat(init.path("image").asText()).startsWith("meridian:");
                    assertThat(init.path("env").findValuesAsText("name")).contains("MERIDIAN_TOKEN");
                    stageIns.add(args);
                }
                assertThat(pod.path("restartPolicy").asText()).as("a failed stage-in fails the pod").isEqualTo("Never");
            }
        }
        assertThat(stageIns).hasSize(1);
        assertThat(stageIns.get(0)).startsWith("stage", "create").contains("--wait", "--url", "--site", "--prefix");
    }

    private static void assertAccepted(String where, List<String> args) {
        try {
            Meridian.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": meridian " + String.join(" ", args) + " is refused: " + e.getMessage(), e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
