package io.meridian.cli.move;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.MetricsOptions;
import io.meridian.cli.runtime.MetricsServer;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.StageRunner;
import io.meridian.config.MeridianConfig;
import io.meridian.movers.MoverSettings;
import io.meridian.movers.MoverStage;
import io.meridian.stage.StageContext;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meridian move}: a pool of mover workers in this process, until Ctrl-C. */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = {"Run mover workers until Ctrl-C.",
                "They consume meridian.move-commands in consumer group " + MoverStage.GROUP + ",",
                "copy, verify (CRC32C) and commit files between silos, and report to",
                "meridian.move-results and meridian.file-events. Any number of processes may run;",
                "each command is done once (idempotent).",
                "'meridian up' already runs one pool (" + MoverSettings.ENV_WORKERS + " sets its size)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:could not start (Kafka unreachable...); the message says why",
                "2:the config is invalid (the message names the field), or a usage error (a "
                        + "malformed --bandwidth, say); nothing was started",
                "130:stopped with Ctrl-C (143: stopped by SIGTERM)"})
public final class MoveCommandLine implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "" + MoverSettings.DEFAULT_WORKERS,
            description = "Worker threads, one command each at a time (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--bandwidth", paramLabel = "SILO=SIZE", split = ",",
            description = "Bytes per second through a silo for this process, e.g. --bandwidth nas=100MiB,archive=20MiB.")
    List<String> bandwidth;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Long> limits = limits(); // options first: a typo fails before anything connects
        MeridianConfig config = common.loadConfig();
        StageContext context = Connections.stageContextFor(config, common.home());
        MoverSettings settings = MoverSettings.fromEnvironment(System::getenv).withWorkers(workers).withBandwidth(limits);
        MetricsServer endpoint = metrics.server(context);
        StageRunner runner = new StageRunner().start(List.of(endpoint, new MoverStage(context, settings)));
        runner.stopOnShutdown("meridian-move");
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Movers running (%d workers, group %s; metrics at %s). Press Ctrl-C to stop.%n", workers,
                MoverStage.GROUP, endpoint.url());
        out.flush();
        runner.awaitStopped();
        return 0;
    }

    private Map<String, Long> limits() {
        try {
            return bandwidth == null ? Map.of() : MoverSettings.parseBandwidth(String.join(",", bandwidth));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--bandwidth: " + e.getMessage());
        }
    }
}
