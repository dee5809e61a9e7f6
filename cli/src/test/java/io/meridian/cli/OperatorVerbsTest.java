package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.DemoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator verbs as a user types them, against a running embedded Meridian (the demo): silo
 * ls/drain/activate, policy apply/ls/rm, ls, and stuck ls/retry with a file placement really gave up
 * on. Each command talks to the HTTP API of the runtime (found through the home's endpoints file).
 */
@Tag("integration")
@Timeout(600)
class OperatorVerbsTest {
    @TempDir
    static Path home;
    static EmbeddedRuntime runtime;
    static Path nas;
    static Path nvme;

    @BeforeAll
    static void up() {
        MeridianHome meridianHome = new MeridianHome(home);
        runtime = EmbeddedRuntime.start(DemoConfig.load(meridianHome.demoDir()), meridianHome, EmbeddedRuntime.Ports.ANY_FREE);
        nas = meridianHome.demoDir().resolve("nas");
        nvme = meridianHome.demoDir().resolve("nvme");
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldListDrainFollowAndActivateASilo() throws Exception {
        String table = CliRun.await(home, Duration.ofSeconds(30), out -> out.contains("archive"), "silo", "ls");
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("SILO").contains("STATE", "USED / CAPACITY", "DRAINING");
        assertThat(table).containsPattern("gpu-nvme\\s+active\\s+gpu-east\\s+nvme\\s+posix").contains("/ 50GiB");
        assertThat(run("silo", "ls", "--json").out()).contains("\"capacityBytes\"", "\"state\" : \"active\"");

        // the archive holds nothing: placement retires it on its next tick, which --wait follows
        CliRun.Result drained = run("silo", "drain", "archive", "--wait", "--timeout", "60s", "--interval", "200ms");
        assertThat(drained.exitCode()).as(drained.err()).isZero();
        assertThat(drained.out()).contains("archive is retired: nothing is left on it");
        assertThat(run("silo", "ls").out()).containsPattern("archive\\s+retired");
        CliRun.Result again = run("silo", "drain", "archive");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("silo 'archive' is already retired; 'meridian silo activate archive'");

        CliRun.Result activated = run("silo", "activate", "archive");
        assertThat(activated.exitCode()).as(activated.err()).isZero();
        CliRun.await(home, Duration.ofSeconds(30), out -> out.matches("(?s).*archive\\s+active.*"), "silo", "ls");
        assertThat(run("silo", "activate", "archive").err()).contains("silo 'archive' is already active");
        CliRun.Result unknown = run("silo", "activate", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no silo 'nope' on meridian.silos (known silos: archive, gpu-nvme, nas)");
    }

    @Test
    void shouldApplyListAndRemoveAPolicyAsATableAndNameTheFileOfARefusedOne() throws Exception {
        Path file = Files.writeString(home.resolve("eval.yaml"), """
                policies:
                  - name: hot-eval
                    when: "path.startsWith('/datasets/eval/')"
                    place: { site: gpu-east, tier: nvme }
                    copies: 1
                    exclusive: true
                    pin: 7d
                    priority: 20
                """);
        CliRun.Result applied = run("policy", "apply", file.toString());
        assertThat(applied.out()).as(applied.err()).contains("applied hot-eval");

        String table = run("policy", "ls").out();
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("NAME").contains("WHEN", "PLACE", "COPIES", "EXCLUSIVE", "PIN",
                "PRIORITY");
        assertThat(table.lines().skip(2).findFirst().orElseThrow()).as("highest priority first").startsWith("hot-eval")
                .contains("site gpu-east tier nvme", "yes", "7d").endsWith("20");
        assertThat(table).contains("training-on-nvme").doesNotContain("NULL", "null");
        assertThat(run("policy", "ls", "--json").out()).contains("\"name\" : \"hot-eval\"");

        assertThat(run("policy", "rm", "hot-eval").out()).contains("removed hot-eval");
        assertThat(run("policy", "ls").out()).doesNotContain("hot-eval");
        CliRun.Result gone = run("policy", "rm", "hot-eval");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no policy named 'hot-eval'; see 'meridian policy ls'");

        Path nowhere = Files.writeString(home.resolve("nowhere.yaml"),
                "policies:\n  - name: nowhere\n    when: \"true\"\n    place: {silos: [nope]}\n");
        CliRun.Result refused = run("policy", "apply", nowhere.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo("meridian: " + nowhere
                + ":4: policies[0].place.silos[0]: unknown silo 'nope' (known silos: archive, gpu-nvme, nas)");
    }

    @Test
    void shouldListDirectoriesFirstAndSayWhenAPathDoesNotExist() throws Exception {
        Files.createDirectories(nas.resolve("listing/sub"));
        Files.writeString(nas.resolve("listing/a.txt"), "a");
        Files.writeString(nas.resolve("listing/sub/b.txt"), "b");
        String listing = CliRun.await(home, Duration.ofSeconds(60), out -> out.contains("a.txt") && out.contains("sub/"),
                "ls", "/datasets/listing/");
        assertThat(listing.lines().toList()).hasSize(2);
        assertThat(listing.lines().findFirst().orElseThrow()).as("directories first").startsWith("dir").endsWith("/datasets/listing/sub/");
        assertThat(run("ls", "/datasets/listing/a.txt").out()).contains("/datasets/listing/a.txt");

        CliRun.Result missing = run("ls", "/datasets/no-such-dir/");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file or directory: /datasets/no-such-dir/");
    }

    /**
     * A copy that fails every attempt (a plain file stands where the target directory must be made)
     * parks the file as stuck after placement's attempts (about 2.5 minutes of backoff); once the
     * obstacle is gone only a retry, not time, brings the copy.
     */
    @Test
    void shouldListAFilePlacementGaveUpOnAndCopyItWhenRetried() throws Exception {
        assertThat(CliRun.await(home, Duration.ofSeconds(30), out -> true, "stuck", "ls")).contains("nothing is stuck");
        CliRun.Result notStuck = run("stuck", "retry", "/datasets/stuck/a.bin");
        assertThat(notStuck.exitCode()).isEqualTo(1);
        assertThat(notStuck.err()).contains("'/datasets/stuck/a.bin' is not stuck; 'meridian stuck ls' lists the stuck files");

        Files.writeString(nvme.resolve("stuck"), "in the way");
        Files.createDirectories(nas.resolve("stuck"));
        Files.writeString(nas.resolve("stuck/a.bin"), "training data");
        assertThat(run("tag", "set", "/datasets/stuck/", "stage=training").exitCode()).isZero();

        String stuck = CliRun.await(home, Duration.ofMinutes(5), out -> out.contains("/datasets/stuck/a.bin"), "stuck", "ls");
        assertThat(stuck.lines().findFirst().orElseThrow()).startsWith("PATH").contains("ATTEMPTS", "SINCE", "REASON");
        assertThat(stuck).containsPattern("/datasets/stuck/a.bin\\s+6\\s+");
        assertThat(run("stuck", "ls", "--json").out()).contains("\"reason\"", "\"attempts\" : 6");

        Files.delete(nvme.resolve("stuck"));
        CliRun.await(home, Duration.ofSeconds(60), out -> !out.contains("[gpu-nvme]"), "ls", "/datasets/");
        assertThat(run("stuck", "ls").out()).as("the obstacle is gone, but placement gave up: only a retry moves it")
                .contains("/datasets/stuck/a.bin");

        CliRun.Result retried = run("stuck", "retry", "--all");
        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("retrying /datasets/stuck/a.bin");
        CliRun.await(home, Duration.ofSeconds(90), out -> out.contains("gpu-nvme"), "ls", "/datasets/stuck/a.bin");
        assertThat(Files.readString(nvme.resolve("stuck/a.bin"))).isEqualTo("training data");
        CliRun.await(home, Duration.ofSeconds(30), out -> out.contains("nothing is stuck"), "stuck", "ls");
    }

    private static CliRun.Result run(String... args) {
        return CliRun.run(home, args);
    }
}
