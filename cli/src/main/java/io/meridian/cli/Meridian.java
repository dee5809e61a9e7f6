package io.meridian.cli;

import io.meridian.cli.classify.ClassifyCommand;
import io.meridian.cli.stuck.StuckCommand;
import io.meridian.cli.move.MoveCommandLine;
import io.meridian.cli.place.ExplainCommand;
import io.meridian.cli.place.PlaceCommand;
import io.meridian.cli.place.PolicyCommand;
import io.meridian.cli.place.SiloCommand;
import io.meridian.cli.place.StageCommand;
import io.meridian.cli.query.CatCommand;
import io.meridian.cli.query.LocalityCommand;
import io.meridian.cli.query.LsCommand;
import io.meridian.cli.query.QueryCommand;
import io.meridian.cli.query.ServeCommand;
import io.meridian.cli.staging.PinCommand;
import io.meridian.cli.tag.TagCommandLine;
import io.meridian.cli.watch.PublishCommand;
import io.meridian.cli.watch.WatchCommand;
import io.meridian.config.ConfigException;
import io.meridian.http.HttpServerLimits;
import io.meridian.schemas.registry.SchemaRegistryException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;

/**
 * The {@code meridian} command. {@code up} runs every component in one process; the other
 * subcommands run one stage or talk to a running {@code up} (found through its endpoints file).
 */
@Command(name = "meridian", mixinStandardHelpOptions = true, versionProvider = VersionCommand.class,
        description = {
            "One global, tagged view of every file in every storage silo.",
            "Files move in the background to where policies and GPU jobs need them.",
            "Runs on Apache Kafka.",
            "",
            "Start everything on embedded components:  meridian up",
            "Then, in another terminal:  meridian tail meridian.silos --from-beginning"})
public final class Meridian implements Runnable {
    /** The subcommands, in the order {@code --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(UpCommand.class, InitCommand.class, TailCommand.class,
            VersionCommand.class, WatchCommand.class, PublishCommand.class, ClassifyCommand.class, TagCommandLine.class,
            PlaceCommand.class, PolicyCommand.class, StageCommand.class, PinCommand.class, SiloCommand.class,
            StuckCommand.class, ExplainCommand.class, MoveCommandLine.class, QueryCommand.class, CatCommand.class, LsCommand.class,
            LocalityCommand.class, ServeCommand.class, HelpCommand.class);

    private static final String NO_GROOVY_CLOSURES = "picocli.disable.closures";

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the full stack trace instead of one line.")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand; tests run it with their own writers. */
    public static CommandLine commandLine() {
        return build(SUBCOMMANDS);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they name one, so
     * that a JVM started for one command does not build every other (a command answers sooner); with
     * every subcommand otherwise ({@code --help}, {@code help}, a mistyped name that picocli then
     * suggests a correction for).
     */
    static CommandLine commandLine(String[] args) {
        String name = Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst().orElse(null);
        return SUBCOMMANDS.stream().filter(c -> c != HelpCommand.class && c.getAnnotation(Command.class).name().equals(name))
                .findFirst().map(c -> build(List.of(c))).orElseGet(() -> build(SUBCOMMANDS));
    }

    private static CommandLine build(List<Class<?>> subcommands) {
        HttpServerLimits.install(); // before any HTTP server of the process (the embedded registry's) reads them
        // picocli's default factory otherwise looks up Groovy's Closure class once, to support closures in
        // annotations; Meridian's commands are Java. That lookup misses, and a miss searches every jar of the
        // class path (about 285): 0.1-0.2 s of every command's start.
        if (System.getProperty(NO_GROOVY_CLOSURES) == null) {
            System.setProperty(NO_GROOVY_CLOSURES, "true");
        }
        Meridian root = new Meridian();
        CommandLine cli = new CommandLine(root);
        subcommands.forEach(cli::addSubcommand);
        if (cli.getSubcommands().containsKey("tail")) {
            cli.getSubcommands().get("tail").getCommandSpec().usageMessage().footer(TailCommand.topicsFooter());
        }
        if (cli.getSubcommands().containsKey("help")) {
            cli.getSubcommands().get("help").getCommandSpec().usageMessage().description( // picocli's starts with a blank line
                    "Show the help of a command, e.g. meridian help tag set.",
                    "Without COMMAND, the help of meridian itself.");
        }
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (root.stacktrace || !expected(e)) {
                e.printStackTrace(err);
            } else {
                err.println("meridian: " + e.getMessage());
            }
            err.flush();
            return e instanceof ConfigException ? 2 : 1;
        });
        return cli;
    }

    /** Failures whose message says everything a user needs; anything else is a bug worth a stack trace. */
    private static boolean expected(Exception e) {
        return e instanceof ConfigException || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException || e instanceof SchemaRegistryException
                || e instanceof org.apache.kafka.common.KafkaException;
    }
}
