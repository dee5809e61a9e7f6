package io.meridian.cli.stuck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.cli.Meridian;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The stuck command's table and arguments, and the help of every operator verb (no server needed). */
class StuckCommandTest {

    @Test
    void shouldListStuckFilesWithAttemptsSinceAndReason() throws Exception {
        String table = StuckCommand.render(new ObjectMapper().readTree("""
                [{"path": "/datasets/train/a.bin", "commandId": "c1", "reason": "IOException: disk on fire",
                  "attempts": 6, "since": 0}]"""));

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("PATH").contains("ATTEMPTS", "SINCE", "REASON");
        assertThat(lines.get(2)).startsWith("/datasets/train/a.bin").contains("6", "1970-01-01T00:00:00Z", "IOException: disk on fire");
        assertThat(StuckCommand.render(new ObjectMapper().readTree("[]"))).isEqualTo("nothing is stuck" + System.lineSeparator());
    }

    @Test
    void shouldRefuseRetryWithNeitherOrBothOfAPathAndAllAsAUsageError() {
        assertThat(run("stuck", "retry").exitCode()).isEqualTo(2);
        Result both = run("stuck", "retry", "/a/b", "--all");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void shouldDescribeEveryOptionAndListExitCodesInTheHelpOfEachOperatorVerb() {
        CommandLine meridian = Meridian.commandLine();
        for (List<String> verb : List.of(List.of("silo", "ls"), List.of("silo", "drain"), List.of("silo", "activate"),
                List.of("stuck", "ls"), List.of("stuck", "retry"), List.of("policy", "apply"), List.of("policy", "ls"),
                List.of("policy", "rm"), List.of("ls"))) {
            CommandLine command = meridian;
            for (String name : verb) {
                command = command.getSubcommands().get(name);
            }
            CommandSpec spec = command.getCommandSpec();
            for (OptionSpec option : spec.options()) {
                assertThat(String.join(" ", option.description())).as("%s %s", verb, option.longestName()).isNotBlank();
            }
            spec.positionalParameters().forEach(p -> assertThat(String.join(" ", p.description())).as("%s %s", verb, p.paramLabel())
                    .isNotBlank());
            String help = run(verb.toArray(String[]::new), "--help").out();
            assertThat(help).as("%s", verb).contains("Exit codes:", "  0 ", "  1 ", "  2 ");
        }
        assertThat(run("silo", "drain", "--help").out()).contains("  3 ", "  4 ", "--wait", "--timeout");
        assertThat(run("--help").out()).contains("stuck");
    }

    private static Result run(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return run(all);
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
