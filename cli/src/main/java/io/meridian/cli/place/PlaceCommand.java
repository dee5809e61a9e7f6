package io.meridian.cli.place;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.MetricsOptions;
import io.meridian.cli.runtime.MetricsServer;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.StageRunner;
import io.meridian.config.MeridianConfig;
import io.meridian.placement.PlacementApp;
import io.meridian.stage.StageContext;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meridian place}: runs the placement stream alone, next to a running {@code up} or a cluster. */
@Command(name = "place", mixinStandardHelpOptions = true,
        description = {"Run the placement stream alone, until Ctrl-C.",
                "It reconciles objectives, staging requests, watermarks and drains into move",
                "commands. ('meridian up' already runs it.)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:could not start (Kafka unreachable...); the message says why",
                "2:the config is invalid (the message names the field), or a usage error; "
                        + "nothing was started",
                "130:stopped with Ctrl-C (143: stopped by SIGTERM)"})
public final class PlaceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    MetricsOptions metrics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MeridianConfig config = common.loadConfig();
        StageContext context = Connections.stageContextFor(config, common.home());
        MetricsServer endpoint = metrics.server(context);
        StageRunner runner = new StageRunner()
                .start(List.of(endpoint, new PlacementApp(context)))
                .stopOnShutdown("meridian-place");
        PrintWriter out = spec.commandLine().getOut();
        out.println("Placement is running (metrics at " + endpoint.url() + "); Ctrl-C stops it.");
        out.flush();
        runner.awaitStopped();
        return 0;
    }
}
