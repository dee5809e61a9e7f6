package io.meridian.cli.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.Meridian;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The staging and pin verbs' command lines, without a server: help, exit codes, refusals before connecting. */
class StagingCommandLineTest {
    private static final List<List<String>> VERBS = List.of(List.of("stage", "create"), List.of("stage", "status"),
            List.of("stage", "ls"), List.of("stage", "cancel"), List.of("pin", "ls"), List.of("pin", "release"));

    @TempDir
    Path home;

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void shouldDescribeEveryOptionAndListExitCodesInEachVerbsHelp() {
        for (List<String> verb : VERBS) {
            CommandLine command = Meridian.commandLine().getSubcommands().get(verb.get(0)).getSubcommands().get(verb.get(1));
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertThat(String.join(" ", option.description())).as("%s %s", verb, option.longestName()).isNotBlank();
            }
            String help = run(verb.get(0), verb.get(1), "--help").out();
            assertThat(help).as("%s --help", verb).contains("Exit codes:", "--url=URL", "--home=DIR");
        }
        assertThat(run("stage", "status", "--help").out()).contains("3   with --wait: FAILED or EXPIRED",
                "4   with --wait: still PENDING or STAGING when the wait ran out");
        assertThat(run("stage", "create", "--help").out()).contains("--wait=DURATION", "--pin-until=TIME", "--tag=KEY=VALUE",
                "4   with --wait: still PENDING or STAGING when the wait ran out");
        assertThat(run("--help").out()).contains("pin", "stage");
    }

    @Test
    void shouldRefuseBadStagingRequestsBeforeAskingTheServer() {
        Result noSelector = run("stage", "create", "--job", "j", "--site", "gpu-east", "--deadline", "30m", "--pin-until", "1h");
        assertThat(noSelector.exitCode()).isEqualTo(1);
        assertThat(noSelector.err()).contains("prefixes/tags: select files with a path prefix or a tag");
        Result pinBeforeDeadline = run("stage", "create", "--job", "j", "--site", "gpu-east", "--prefix", "/datasets/",
                "--deadline", "2h", "--pin-until", "1h");
        assertThat(pinBeforeDeadline.exitCode()).isEqualTo(1);
        assertThat(pinBeforeDeadline.err()).contains("pinUntil: is before the deadline");
        Result badWait = run("stage", "create", "--job", "j", "--site", "gpu-east", "--prefix", "/datasets/",
                "--deadline", "30m", "--pin-until", "1h", "--wait", "soon");
        assertThat(badWait.exitCode()).isEqualTo(1);
        Result badTier = run("stage", "create", "--job", "j", "--site", "gpu-east", "--prefix", "/datasets/", "--tier", "warp",
                "--deadline", "30m", "--pin-until", "1h");
        assertThat(badTier.exitCode()).isEqualTo(1);
        assertThat(badTier.err()).contains("tier: unknown tier 'warp' (tiers: archive, capacity, performance, nvme)");
    }

    @Test
    void shouldTakeEitherARequestOrAPathToReleasePins() {
        assertThat(run("pin", "release").exitCode()).isEqualTo(2);
        Result both = run("pin", "release", "--request", "r1", "/datasets/train/");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("Usage: meridian pin release");
    }

    @Test
    void shouldSayHowToStartMeridianWhenNoneIsRunning() {
        Result status = run("stage", "ls");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("meridian up");
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withHome = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--home", home.toString()))
                .toArray(String[]::new);
        if (args.length == 1) {
            withHome = args; // the top-level --help takes no --home
        }
        int code = Meridian.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(withHome);
        return new Result(code, out.toString(), err.toString());
    }
}
