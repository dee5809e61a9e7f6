package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when something is wrong: one line that says what to do, and nothing started. */
class CommandErrorsTest {
    @TempDir
    Path dir;

    @Test
    void shouldTellTheUserToStartUpFirst() {
        MeridianUpTest.Result tail = MeridianUpTest.run("tail", "meridian.file-events", "--home", dir.toString());

        assertThat(tail.exitCode()).isEqualTo(1);
        assertThat(tail.err().strip()).startsWith("meridian: no running Meridian found").endsWith("start ./meridian up first, in another terminal");
    }

    @Test
    void shouldRefuseBadConfigInOneLineBeforeStartingAnything() throws Exception {
        Path config = dir.resolve("meridian.yaml");
        Files.writeString(config, """
                silos:
                  - id: fast
                    kind: posix
                    root: ./fast
                    mount: /datasets
                    site: gpu-east
                    tier: nvme
                    capacity: 50GB
                """);
        Path home = dir.resolve("home");

        MeridianUpTest.Result up = MeridianUpTest.run("up", "--config", config.toString(), "--home", home.toString(),
                "--kafka-port", "0", "--kafka-controller-port", "0", "--registry-port", "0");

        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err().lines().toList()).containsExactly(
                "meridian: meridian.yaml:8: silos[0].capacity: '50GB' uses a decimal unit; write binary units, e.g. 50GiB (B, KiB, MiB, GiB, TiB, PiB)");
        assertThat(home).doesNotExist();
    }

    @Test
    void shouldExplainEveryCommandInHelp() {
        MeridianUpTest.Result help = MeridianUpTest.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("up", "init", "tail", "version");
        String tailHelp = MeridianUpTest.run("tail", "--help").out();
        assertThat(tailHelp).contains("--from-beginning", "--follow");
        io.meridian.topics.Topics.all().forEach(t -> assertThat(tailHelp).contains(t.name()));
    }

    @Test
    void shouldPrintVersions() {
        MeridianUpTest.Result version = MeridianUpTest.run("version");
        assertThat(version.out()).contains("Meridian", "Kafka clients 4.", "Java 17");
    }
}
