package io.meridian.cli;

import io.meridian.cli.runtime.Connections;
import io.meridian.cli.tail.RecordPrinter;
import io.meridian.cli.tail.TopicReader;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meridian tail}: a kcat for Meridian's topics that decodes Avro values to JSON. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the records of a topic as JSON lines.",
                "Each line: key, value decoded from Avro, headers. By default the last 10",
                "records; --from-beginning prints all, --follow keeps printing new ones.",
                "Example: meridian tail meridian.file-events --from-beginning --follow"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:failed (no such topic, Kafka unreachable...); the message says why",
                "2:the config is invalid, or a usage error",
                "130:--follow stopped with Ctrl-C"})
final class TailCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "TOPIC", description = "Topic to read, e.g. meridian.file-events, meridian.metadata.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the last ones.")
    boolean fromBeginning;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new records until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--last"}, paramLabel = "N", defaultValue = "10",
            description = "Without --from-beginning, how many of the newest records to print (default: ${DEFAULT-VALUE}).")
    int last;

    @Spec
    CommandSpec spec;

    /** The help footer: every Meridian topic, from the catalog so it cannot drift. */
    static String[] topicsFooter() {
        List<String> lines = new ArrayList<>(List.of("", "Meridian's topics:"));
        Topics.all().forEach(t -> lines.add("  " + t.name() + (t.valueSchema() == null
                ? "  (raw bytes; reason in __streams.errors.* headers)" : "  (" + t.valueSchema().getName() + ")")));
        return lines.toArray(String[]::new);
    }

    @Override
    public Integer call() {
        Connections connections = Connections.of(common.loadConfig(), common.home());
        PrintWriter out = spec.commandLine().getOut();
        try (SchemaRegistry registry = connections.registry();
             TopicReader reader = new TopicReader(connections.kafka(), topic)) {
            RecordPrinter printer = new RecordPrinter(registry, out);
            reader.read(fromBeginning ? TopicReader.ALL : last, follow, printer::print);
        }
        out.flush();
        return 0;
    }
}
