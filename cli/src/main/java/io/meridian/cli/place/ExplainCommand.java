package io.meridian.cli.place;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.ops.Explanation;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.MeridianConfig;
import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian explain PATH}: prints the {@link Explanation} of a file (the placement planner run
 * over the published state as placement builds its input, with the open command and stuck state
 * from placement's changelogs), as {@code GET /v1/explain/{path}} answers it in JSON.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why a file is where it is: matching policies, desired vs actual instances, why each",
                "candidate silo was chosen or rejected, the next command, commands in flight and pins."})
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "PATH", description = "Logical path of a file, e.g. /datasets/train/a.bin")
    String path;

    @Override
    public Integer call() {
        LogicalPath.file(path);
        MeridianConfig config = common.loadConfig();
        Connections connections = Connections.of(config, common.home());
        try (SchemaRegistry registry = connections.registry()) {
            Explanation explained = Explanation.of(connections.kafka(), registry, path)
                    .orElseThrow(() -> new IllegalArgumentException("no file '" + path + "' in " + Topics.METADATA));
            ExplainReport.print(spec.commandLine().getOut(), explained.record(), explained.plan(), explained.inFlight(),
                    explained.stuck());
        }
        return 0;
    }
}
