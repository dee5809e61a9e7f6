package io.meridian.cli.place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.cli.Meridian;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The placement subcommands' edge: files and options are refused with the field named, before any connection. */
@Timeout(60)
class PlacementCommandsTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadPoliciesInTheShapeOfMeridianYaml() throws Exception {
        Path file = write("""
                policies:
                  - name: training-on-nvme
                    when: "tags.stage == 'training'"
                    place: { site: gpu-east, tier: nvme }
                    priority: 10
                    pin: 2h
                  - name: cold-to-archive
                    when: "ageDays(mtime) > 90"
                    place: { tier: archive }
                    exclusive: true
                """);

        List<Policy> policies = PolicyFile.read(file, Instant.EPOCH);

        assertThat(policies).extracting(Policy::getName).containsExactly("training-on-nvme", "cold-to-archive");
        assertThat(policies.get(0).getPlace().getTier()).isEqualTo(Tier.NVME);
        assertThat(policies.get(0).getPinMillis()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(policies.get(1).getExclusive()).isTrue();
    }

    @Test
    void shouldRefuseInvalidConditionNamingTheField() throws Exception {
        Path file = write("""
                - name: broken
                  when: "tags.stage =="
                  place: { tier: nvme }
                """);

        assertThatThrownBy(() -> PolicyFile.read(file, Instant.EPOCH))
                .hasMessageContaining("policies[0].when: ").hasMessageContaining("not valid CEL");
    }

    @Test
    void shouldRefuseNonBooleanConditionAndUnknownFields() throws Exception {
        assertThatThrownBy(() -> PolicyFile.read(write("- {name: a, when: 'size', place: {tier: nvme}}"), Instant.EPOCH))
                .hasMessageContaining("policies[0].when: ").hasMessageContaining("not a condition");
        assertThatThrownBy(() -> PolicyFile.read(write("- {name: a, when: 'true', place: {tier: nvme}, copys: 2}"), Instant.EPOCH))
                .hasMessageContaining("policies[0].copys: unknown field");
        assertThatThrownBy(() -> PolicyFile.read(write("- {name: a, when: 'true', place: {tier: fast}}"), Instant.EPOCH))
                .hasMessageContaining("policies[0].place.tier: 'fast'");
    }

    @Test
    void shouldRefuseInvalidPolicyFileFromTheCommandLineBeforeConnecting() throws Exception {
        Path file = write("- {name: Bad Name, when: 'true', place: {tier: nvme}}");

        Result apply = run("policy", "apply", file.toString(), "--home", dir.resolve("home").toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err().strip()).startsWith("meridian: ").contains("policies[0].name: 'Bad Name' is invalid");
    }

    @Test
    void shouldRefuseMeridianYamlWhosePolicyConditionIsNotACondition() throws Exception {
        Path config = dir.resolve("meridian.yaml");
        Files.writeString(config, """
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB}
                policies:
                  - name: sized
                    when: "size"
                    place: { silo: nas }
                """);

        // 'policy ls' asks the running Meridian, which loaded its config at start; 'init' loads this one
        Result ls = run("init", "--config", config.toString(), "--home", dir.resolve("home").toString());

        assertThat(ls.exitCode()).as("a config error, refused before connecting").isEqualTo(2);
        assertThat(ls.err()).contains("meridian.yaml:5: policies[0].when: 'size' is a int, not a condition");
    }

    @Test
    void shouldLocateErrorsOfAPolicyFileByLine() throws Exception {
        Path file = write("- {name: a, when: 'true', place: {tier: nvme}}\n- name: b\n  when: \"true\"\n  place: {tier: nvme}\n  copies: 40\n");

        assertThatThrownBy(() -> PolicyFile.read(file, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":5: policies[1].copies: ");
    }

    @Test
    void shouldRefuseStagingRequestWithUnreadableDeadline() {
        Result create = run("stage", "create", "--job", "j1", "--site", "gpu-east",
                "--prefix", "/datasets/train/", "--deadline", "tomorrow", "--pin-until", "2h", "--home", dir.toString());

        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).contains("--deadline: 'tomorrow' is neither an ISO instant");
    }

    @Test
    void shouldRefuseStagingRequestWithPathEscape() {
        Result create = run("stage", "create", "--job", "j1", "--site", "gpu-east",
                "--prefix", "/datasets/../etc/", "--deadline", "30m", "--pin-until", "2h", "--home", dir.toString());

        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).contains("..");
    }

    @Test
    void shouldListPlacementCommandsInHelp() {
        String help = run("--help").out();
        assertThat(help).contains("place", "policy", "stage", "silo", "explain");
        assertThat(run("stage", "create", "--help").out()).contains("--deadline", "--pin-until", "--tag", "--prefix");
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Meridian.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Path write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "policies", ".yaml");
        Files.writeString(file, text);
        return file;
    }
}
