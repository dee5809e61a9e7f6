package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code main} builds only the subcommand its arguments name, and every subcommand when they name none. */
class LeanCommandLineTest {

    @Test
    void shouldBuildOnlyTheNamedSubcommand() {
        assertThat(Meridian.commandLine(new String[] {"tag", "ls", "/datasets/a.bin"}).getSubcommands()).containsOnlyKeys("tag");
        assertThat(Meridian.commandLine(new String[] {"--stacktrace", "query", "SELECT 1"}).getSubcommands()).containsOnlyKeys("query");
        assertThat(Meridian.commandLine(new String[] {"tail", "--help"}).getSubcommands().get("tail").getCommandSpec()
                .usageMessage().footer()).as("tail's help lists the topics").isNotEmpty();
    }

    @Test
    void shouldTellPicocliThatNoCommandIsAGroovyClosure() {
        Meridian.commandLine(new String[] {"ls", "/datasets/"});
        // else picocli looks for groovy.lang.Closure, a miss that opens every jar of the class path
        assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
    }

    @Test
    void shouldBuildEverySubcommandForHelpAndForAMistypedName() {
        int all = Meridian.commandLine().getSubcommands().size();
        assertThat(Meridian.commandLine(new String[] {"--help"}).getSubcommands()).hasSize(all);
        assertThat(Meridian.commandLine(new String[] {"help", "tag"}).getSubcommands()).hasSize(all);
        StringWriter err = new StringWriter();
        int code = Meridian.commandLine(new String[] {"quer", "x"}).setErr(new PrintWriter(err)).execute("quer", "x");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Did you mean", "query");
    }
}
