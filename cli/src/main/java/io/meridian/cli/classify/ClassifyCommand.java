package io.meridian.cli.classify;

import io.meridian.classifier.ClassifierApp;
import io.meridian.classifier.sniff.SniffSettings;
import io.meridian.classifier.sniff.SnifferStage;
import io.meridian.cli.CommonOptions;
import io.meridian.cli.MetricsOptions;
import io.meridian.cli.runtime.MetricsServer;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.StageRunner;
import io.meridian.config.MeridianConfig;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meridian classify}: the classifier stage alone in this process, until Ctrl-C. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Run the classifier until Ctrl-C.",
                "The Kafka Streams app meridian-classifier: one FileRecord per logical path from",
                "meridian.file-events, tag commands, move results and access events, published",
                "to meridian.metadata; silo usage to meridian.silo-usage.",
                "When a classification rule reads 'magic', also sniffs new files' first bytes",
                "(MERIDIAN_SNIFF_*).",
                "Several processes share the work by partitions. 'meridian up' already runs one.",
                "Its local state lives in state/classify/ of the --home directory (a restart",
                "restores it from Kafka if lost)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:could not start (Kafka unreachable...); the message says why",
                "2:the config is invalid (the message names the field), or a usage error; "
                        + "nothing was started",
                "130:stopped with Ctrl-C (143: stopped by SIGTERM)"})
public final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    MetricsOptions metrics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        MeridianConfig config = common.loadConfig();
        StageContext shared = Connections.stageContextFor(config, common.home());
        // Its own state directory: a RocksDB directory is locked by one process, and 'up' may run next to it.
        StageContext context = new StageContext(shared.config(), shared.kafka(), shared.registry(),
                shared.stateDir().resolve("classify"), shared.embeddedS3(), shared.metrics());
        MetricsServer endpoint = metrics.server(context);
        List<Stage> stages = new ArrayList<>(List.of(endpoint, new ClassifierApp(context)));
        stages.addAll(SnifferStage.ifNeeded(context, SniffSettings.fromEnvironment(System::getenv)));
        StageRunner runner = new StageRunner().start(stages);
        runner.stopOnShutdown("meridian-classify");
        PrintWriter out = spec.commandLine().getOut();
        out.println("Classifier running; records go to meridian.metadata; metrics at " + endpoint.url()
                + ". Press Ctrl-C to stop.");
        out.flush();
        runner.awaitStopped();
        return 0;
    }
}
