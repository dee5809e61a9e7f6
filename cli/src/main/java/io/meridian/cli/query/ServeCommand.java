package io.meridian.cli.query;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.StageCatalog;
import io.meridian.cli.runtime.StageRole;
import io.meridian.cli.runtime.StageRunner;
import io.meridian.config.MeridianConfig;
import io.meridian.http.HttpApi;
import io.meridian.query.QueryStages;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meridian serve}: the HTTP API stage alone in this process, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP API until Ctrl-C.",
                "SQL (pull and push queries), file reads, storage hooks (POST /v1/events), tags,",
                "policies, staging requests and the web console. Holds either every file on",
                "its heap (--store memory), or only its share of the partitions on disk and",
                "answers for all files together with the other partitioned serves",
                "(--store partitioned).",
                "Binds where the config's http: section says (loopback by default; any other",
                "address needs tokens). Runs next to a running 'meridian up' (found through",
                "its endpoints file) or against the Kafka cluster of the config; any number",
                "may run. 'meridian up' already serves one."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:could not start (the port taken, Kafka unreachable...); the message says why",
                "2:the config is invalid (the message names the field), or a usage error; "
                        + "nothing was started",
                "130:stopped with Ctrl-C (143: stopped by SIGTERM)"})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on instead of the config's http.port (0: any free port).")
    Integer port;

    @Option(names = "--store", paramLabel = "MODE", defaultValue = "memory",
            description = {"Where this instance keeps the files: 'memory' (every file on the heap, about",
                    "2 KB each; fastest below a few million files) or 'partitioned' (only its share of",
                    "the partitions, in RocksDB under the home's state directory; every",
                    "partitioned serve of the cluster answers for all files). Default: ${DEFAULT-VALUE}."})
    String store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        QueryStages.Store mode;
        try {
            mode = QueryStages.Store.parse(store);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
        MeridianConfig config = common.loadConfig();
        MeridianConfig served = port == null ? config : config.withHttp(config.http().withPort(port));
        StageContext shared = Connections.stageContextFor(served, common.home());
        List<Stage> stages = StageCatalog.forRoles(shared, EnumSet.of(StageRole.SERVE), 0, mode);
        StageRunner runner = new StageRunner().start(stages);
        runner.stopOnShutdown("meridian-serve");
        PrintWriter out = spec.commandLine().getOut();
        String url = stages.stream().filter(HttpApi.class::isInstance).map(s -> ((HttpApi) s).url()).findFirst().orElseThrow();
        out.println("Serving the HTTP API at " + url + " (" + mode.name().toLowerCase(java.util.Locale.ROOT)
                + " query store). Press Ctrl-C to stop.");
        out.flush();
        runner.awaitStopped();
        return 0;
    }
}
