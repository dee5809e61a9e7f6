package io.meridian.cli;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.EndpointsFile;
import io.meridian.cli.runtime.Initializer;
import io.meridian.cli.runtime.Preflight;
import io.meridian.cli.runtime.StageCatalog;
import io.meridian.cli.runtime.StageRole;
import io.meridian.config.ByteSize;
import io.meridian.config.HttpConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.config.PolicyConfig;
import io.meridian.config.SiloConfig;
import io.meridian.devstack.s3.S3Credentials;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meridian up}: every component in one process, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run Meridian in this process until Ctrl-C.",
                "Starts the embedded Kafka broker, schema registry and S3 endpoint that the",
                "config asks for ('embedded'), creates the topics, publishes silos and policies,",
                "and records the endpoints in endpoints.json of the --home directory, so that",
                "other meridian commands in other terminals connect to it.",
                "Without --config it runs the demo: three silos under demo/ of the --home",
                "directory."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:could not start (a port taken, Kafka unreachable...); the message says why",
                "2:the config, or a secret it refers to ($${env:...}, $${file:...}, S3 keys, HTTP "
                        + "tokens), is invalid, or a usage error; the message names the field, and "
                        + "nothing was started",
                "130:stopped with Ctrl-C (143: stopped by SIGTERM)"})
final class UpCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "19092",
            description = "Embedded Kafka client port (0: any free port; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "19093",
            description = "Embedded Kafka controller port (0: any free port; default ${DEFAULT-VALUE}).")
    int kafkaControllerPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "18081",
            description = "Embedded schema registry port (0: any free port; default ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "19000",
            description = "Embedded S3 endpoint port (0: any free port; default ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--show-credentials", description = "Also print the embedded S3 endpoint's access and secret key.")
    boolean showCredentials;

    @Option(names = "--stages", paramLabel = "LIST",
            description = "Run only these stages, comma-separated, of: watch, classify, place, move, serve "
                    + "(default: all). Other processes may run the rest against the same cluster.")
    String stages;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "With --stages but not serve: port of GET /metrics (default: any free port; printed)."
                    + " With serve, /metrics is on the HTTP API.")
    int metricsPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Set<StageRole> roles = stages == null ? EnumSet.allOf(StageRole.class) : parseStages();
        MeridianConfig config = common.loadConfig(); // validated before anything starts
        Preflight.validate(config, System::getenv);   // and every secret it refers to
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting Meridian (" + describe(config) + ", home " + common.home().dir() + ")...");
        out.flush();
        long started = System.nanoTime();
        EmbeddedRuntime runtime = EmbeddedRuntime.start(config, common.home(),
                new EmbeddedRuntime.Ports(kafkaPort, kafkaControllerPort, registryPort, s3Port),
                context -> StageCatalog.forRoles(context, roles, metricsPort));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping Meridian...");
            out.flush();
            runtime.close();
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
        }, "meridian-shutdown"));
        printBanner(out, config, runtime, (System.nanoTime() - started) / 1_000_000);
        stopped.await();
        return 0;
    }

    private Set<StageRole> parseStages() {
        try {
            return StageRole.parse(stages);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--stages: " + e.getMessage());
        }
    }

    private static String describe(MeridianConfig config) {
        return config.source().equals("demo") ? "demo config" : "config " + config.source();
    }

    private void printBanner(PrintWriter out, MeridianConfig config, EmbeddedRuntime runtime, long millis) {
        EndpointsFile endpoints = runtime.endpoints();
        Initializer.Report init = runtime.initReport();
        out.printf("Meridian is up in %.1f s.%n", millis / 1000.0);
        out.printf("  %-16s %s%s%n", "Kafka bootstrap", endpoints.kafkaBootstrap(), config.kafka().embedded() ? " (embedded)" : "");
        out.printf("  %-16s %s%s%n", "Schema registry", endpoints.registryUrl(), config.schemaRegistry().embedded() ? " (embedded)" : "");
        if (endpoints.s3Endpoint() != null) {
            out.printf("  %-16s %s (embedded; keys in %s)%n", "S3 endpoint", endpoints.s3Endpoint(), endpoints.s3CredentialsFile());
            if (showCredentials) {
                S3Credentials keys = runtime.stack().s3().credentials();
                out.printf("  %-16s %s / %s%n", "S3 keys", keys.accessKey(), keys.secretKey());
            }
        }
        if (endpoints.httpUrl() != null) {
            out.printf("  %-16s %s%n", "HTTP API", httpEndpoint(config.http(), endpoints.httpUrl()));
            out.printf("  %-16s %s/metrics%n", "Metrics", endpoints.httpUrl());
        }
        runtime.stages(io.meridian.cli.runtime.MetricsServer.class)
                .forEach(metrics -> out.printf("  %-16s %s%n", "Metrics", metrics.url()));
        out.printf("  %-16s %d ready (%d created), %d schemas registered%n", "Topics",
                init.topics().created().size() + init.topics().existing().size(), init.topics().created().size(), init.schemas());
        init.topics().warnings().forEach(w -> out.println("  warning: " + w));
        for (int i = 0; i < config.silos().size(); i++) {
            out.printf("  %-16s %s%n", i == 0 ? "Silos" : "", describe(config.silos().get(i)));
        }
        out.printf("  %-16s %s%n", "Policies", config.policies().isEmpty() ? "none"
                : String.join(", ", config.policies().stream().map(PolicyConfig::name).toList()));
        out.println("Running: " + String.join(", ", running(config, endpoints)) + ".");
        out.println("Stages: " + (runtime.stageNames().isEmpty() ? "none yet" : String.join(", ", runtime.stageNames())) + ".");
        out.println("In another terminal:  ./meridian tail meridian.silos --from-beginning");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /**
     * The banner's HTTP line: the address the server is bound to, as it is (0.0.0.0 is every interface,
     * not 127.0.0.1), with the port it got. {@code connectUrl} is what clients on this machine use
     * (a loopback URL for a wildcard bind, as endpoints.json records it); it is shown when it differs.
     */
    static String httpEndpoint(HttpConfig http, String connectUrl) {
        String bind = http.bind();
        String bound = "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + URI.create(connectUrl).getPort();
        boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::");
        List<String> notes = new ArrayList<>();
        notes.add(wildcard ? "all interfaces" : http.loopback() ? "this machine only" : "reachable from other machines");
        if (http.hasTokens()) {
            notes.add("tokens required");
        }
        if (!bound.equals(connectUrl)) {
            notes.add("local clients use " + connectUrl);
        }
        if (!http.hasTokens()) {
            notes.add("query: ./meridian query \"SELECT silo, used, free FROM silos\"");
        }
        return bound + " (" + String.join("; ", notes) + ")";
    }

    private static String describe(SiloConfig silo) {
        String where = silo.root() != null ? silo.root() : silo.endpoint() + " bucket " + silo.bucket();
        return String.format("%-10s %s %s at %s, %s, %s -> %s", silo.id(), silo.kind().name().toLowerCase(),
                silo.tier().name().toLowerCase(), silo.site(), ByteSize.format(silo.capacityBytes()), where, silo.mount());
    }

    private static List<String> running(MeridianConfig config, EndpointsFile endpoints) {
        List<String> parts = new ArrayList<>();
        if (config.kafka().embedded()) {
            parts.add("embedded Kafka broker (KRaft)");
        }
        if (config.schemaRegistry().embedded()) {
            parts.add("embedded schema registry");
        }
        if (endpoints.s3Endpoint() != null) {
            parts.add("embedded S3 endpoint (S3Proxy)");
        }
        if (parts.isEmpty()) {
            parts.add("topic and config bootstrap against external Kafka and registry");
        }
        return parts;
    }
}
