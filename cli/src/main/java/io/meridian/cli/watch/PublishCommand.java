package io.meridian.cli.watch;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.MeridianConfig;
import io.meridian.config.SiloConfig;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.watchers.hooks.EventValidator;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.publish.SequenceClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meridian publish}: FileEvents as JSON lines on stdin, validated line by line, published. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish FileEvents read as JSON lines from stdin (a storage hook: Lustre changelog,",
                "GPFS policy run, a backup tool's log...). Each line is validated on its own; good lines are",
                "published, bad ones reported on stderr as 'line N: reason'; the exit code is 1 if any failed.",
                "Blank lines and lines starting with # are ignored. Format (see README):",
                "  {\"silo\":\"nas\",\"path\":\"/datasets/a.bin\",\"type\":\"UPSERT\",\"size\":42,\"mtime\":\"2026-01-31T12:00:00Z\"}",
                "  {\"silo\":\"nas\",\"path\":\"/datasets/old.bin\",\"type\":\"DELETE\"}"})
public final class PublishCommand implements Callable<Integer> {
    /** Where lines come from; tests replace it. */
    static InputStream input = System.in;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        MeridianConfig config = common.loadConfig();
        Connections connections = Connections.of(config, common.home());
        EventValidator validator = new EventValidator(config.silos().stream().map(SiloConfig::id).toList(), SequenceClock.system());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long published = 0;
        long failed = 0;
        try (SchemaRegistry registry = connections.registry();
             KafkaEventSink sink = KafkaEventSink.fileEvents(connections.kafka(), registry);
             BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                EventValidator.Checked checked = validator.checkJson(line);
                if (checked.ok()) {
                    sink.publish(checked.event());
                    published++;
                } else {
                    failed++;
                    err.println("line " + number + ": " + checked.error());
                }
            }
            sink.flush();
        }
        out.printf("published %d events%s%n", published, failed == 0 ? "" : ", " + failed + " lines refused");
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
