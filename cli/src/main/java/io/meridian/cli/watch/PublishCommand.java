package io.meridian.cli.watch;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.MeridianConfig;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.registry.SchemaRegistryException;
import io.meridian.watchers.hooks.EventLines;
import io.meridian.watchers.hooks.EventValidator;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.publish.SequenceClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meridian publish}: FileEvents as JSON lines on stdin, validated line by line
 * ({@link EventLines}), published. Exit code 0 when every line was published, 1 when some were refused
 * (each reported on stderr), 2 on a usage or config error or when publishing itself failed.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish FileEvents read as JSON lines from stdin.",
                "For a storage hook: Lustre changelog, GPFS policy run, a backup tool's log...",
                "Each line is validated on its own (known silo, path under its mount, sequencer",
                "format, sizes up to 2^53, dates 1970..9999, bounded strings); good lines are",
                "published, bad ones reported on stderr as 'line N: reason' and the rest go on.",
                "Blank lines and lines starting with # are ignored.",
                "Prints 'published N events, M lines refused'.",
                "Format (see README), one event per line (the first is wrapped here):",
                "  {\"silo\":\"nas\",\"path\":\"/datasets/a.bin\",\"type\":\"UPSERT\",\"size\":42,",
                "   \"mtime\":\"2026-01-31T12:00:00Z\"}",
                "  {\"silo\":\"nas\",\"path\":\"/datasets/old.bin\",\"type\":\"DELETE\"}"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every line published", "1:some lines refused (see stderr)",
                "2:usage or config error, or publishing failed"})
public final class PublishCommand implements Callable<Integer> {
    /** Where lines come from; tests replace it. */
    static InputStream input = System.in;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MeridianConfig config = common.loadConfig();
        Connections connections = Connections.of(config, common.home());
        EventValidator validator = EventValidator.of(config.silos(), SequenceClock.system());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventLines.Summary summary;
        try (SchemaRegistry registry = connections.registry();
             KafkaEventSink sink = KafkaEventSink.fileEvents(connections.kafka(), registry)) {
            summary = EventLines.publish(input, validator, sink, err);
        } catch (KafkaException | SchemaRegistryException | IOException e) {
            err.println("meridian: publishing failed: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.println(summary);
        out.flush();
        err.flush();
        return summary.refused() == 0 ? 0 : 1;
    }
}
