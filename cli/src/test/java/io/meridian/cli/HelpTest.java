package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How {@code --help} reads, for every command and subcommand: a one-sentence summary that fits the
 * command list of {@code meridian --help} uncut, description lines that fit 80 columns, every option
 * and parameter described, one placeholder style (upper case: PATH, KEY=VALUE), and the exit codes
 * of every command that runs something.
 */
class HelpTest {
    private static final int SUMMARY = 66;   // 80 columns less the command list's indent and name column
    private static final int LINE = 80;
    private static final Pattern LABEL = Pattern.compile("[A-Z][A-Z0-9_]*(=[A-Z][A-Z0-9_]*)?(\\.\\.\\.)?|--");

    @Test
    void everyCommandHasAWholeSummaryDescribedOptionsAndExitCodes() {
        List<String> problems = new ArrayList<>();
        check(Meridian.commandLine(), problems);
        assertThat(problems).as("--help problems").isEmpty();
    }

    @Test
    void theCommandListShowsEverySummaryWhole() {
        StringWriter out = new StringWriter();
        Meridian.commandLine().setOut(new PrintWriter(out)).execute("--help");
        String commands = out.toString().substring(out.toString().indexOf("Commands:"));
        assertThat(commands.lines().filter(l -> l.startsWith("              ")))
                .as("no summary wraps onto a second line").isEmpty();
        assertThat(out.toString().lines()).allMatch(l -> l.length() <= LINE);
    }

    private static void check(CommandLine line, List<String> problems) {
        CommandSpec spec = line.getCommandSpec();
        String name = spec.qualifiedName();
        String[] description = spec.usageMessage().description();
        if (description.length == 0) {
            problems.add(name + ": no description");
        } else {
            String[] header = spec.usageMessage().header();
            String summary = header.length > 0 ? header[0] : description[0]; // what the command list shows
            if (!summary.endsWith(".") || summary.length() > SUMMARY) {
                problems.add(name + ": summary is not one sentence of at most " + SUMMARY + " characters: '" + summary + "'");
            }
            for (String text : description) {
                if (text.length() > LINE) {
                    problems.add(name + ": description line longer than " + LINE + ": '" + text + "'");
                }
            }
        }
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            describedAndLabelled(name + " " + option.longestName(), option, problems);
        }
        spec.positionalParameters().forEach(p -> describedAndLabelled(name + " " + p.paramLabel(), p, problems));
        boolean runs = spec.userObject() instanceof Runnable || spec.userObject() instanceof java.util.concurrent.Callable;
        boolean container = !line.getSubcommands().isEmpty();
        if (runs && !container && !name.endsWith(" help") && spec.usageMessage().exitCodeList().isEmpty()) {
            problems.add(name + ": no exit codes in its help (exitCodeList)");
        }
        line.getSubcommands().values().stream().filter(sub -> sub.getParent() == line).forEach(sub -> check(sub, problems));
    }

    private static void describedAndLabelled(String what, ArgSpec arg, List<String> problems) {
        if (arg.description().length == 0 || String.join("", arg.description()).isBlank()) {
            problems.add(what + ": not described");
        }
        if (arg.arity().max() > 0 && !(arg.typeInfo().isBoolean()) && !LABEL.matcher(arg.paramLabel()).matches()) {
            problems.add(what + ": placeholder '" + arg.paramLabel() + "' is not upper case (PATH, KEY=VALUE)");
        }
    }
}
