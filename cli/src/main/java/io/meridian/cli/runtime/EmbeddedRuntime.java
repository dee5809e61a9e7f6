package io.meridian.cli.runtime;

import io.meridian.config.MeridianConfig;
import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.devstack.DevStack;
import io.meridian.devstack.DevStackSettings;
import io.meridian.devstack.Endpoints;
import io.meridian.devstack.s3.S3Credentials;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code meridian up} runs for a config: the embedded components the config asks for
 * ({@code embedded} Kafka, registry or S3 endpoint), topic and config bootstrap, and the endpoints
 * file that lets other {@code meridian} commands find all of it. Closing stops everything and
 * removes the endpoints file.
 */
public final class EmbeddedRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRuntime.class);

    /** Ports of the embedded components; 0 picks a free port; an {@code http} of -1 keeps the config's {@code http.port}. */
    public record Ports(int kafka, int kafkaController, int registry, int s3, int http) {
        public static final Ports DEFAULT = new Ports(19092, 19093, 18081, 19000);
        public static final Ports ANY_FREE = new Ports(0, 0, 0, 0, 0);

        public Ports(int kafka, int kafkaController, int registry, int s3) {
            this(kafka, kafkaController, registry, s3, -1);
        }
    }

    private final MeridianHome home;
    private final DevStack stack;
    private final EndpointsFile endpoints;
    private final Initializer.Report init;
    private final StageContext context;
    private final List<Stage> catalog;
    private final StageRunner stages;

    private EmbeddedRuntime(MeridianHome home, DevStack stack, EndpointsFile endpoints, Initializer.Report init,
                            StageContext context, List<Stage> catalog, StageRunner stages) {
        this.home = home;
        this.stack = stack;
        this.endpoints = endpoints;
        this.init = init;
        this.context = context;
        this.catalog = List.copyOf(catalog);
        this.stages = stages;
    }

    /**
     * Starts what the config needs, bootstraps topics and config, and publishes the endpoints. The
     * {@link Preflight} runs first: a secret that does not resolve is refused before anything starts.
     */
    public static EmbeddedRuntime start(MeridianConfig config, MeridianHome home, Ports ports) {
        return start(config, home, ports, StageCatalog::forUp);
    }

    /**
     * Like {@link #start(MeridianConfig, MeridianHome, Ports)}, with the stages {@code catalog} builds
     * instead of every stage of {@code up}: a harness that runs some stages in other processes (movers
     * and placement in child JVMs it kills) keeps the rest here.
     */
    public static EmbeddedRuntime start(MeridianConfig config, MeridianHome home, Ports ports,
                                        Function<StageContext, List<Stage>> catalog) {
        Preflight.validate(config, System::getenv);
        EndpointsFile.readLive(home.endpointsFile()).ifPresent(running -> {
            throw new IllegalStateException("Meridian is already running with this home (pid " + running.pid()
                    + ", " + home.dir() + "): stop it first, or pass another --home");
        });
        DevStack stack = devStack(config, home, ports).start();
        try {
            Endpoints served = stack.endpoints();
            createBuckets(config, stack);
            String credentialsFile = served.s3Credentials() == null ? null : writeCredentials(home, served.s3Credentials());
            EndpointsFile file = new EndpointsFile(ProcessHandle.current().pid(), Instant.now().toString(), config.source(),
                    served.kafkaBootstrap(), served.registryUrl(), served.s3Endpoint(), credentialsFile);
            Connections connections = Connections.of(config, file);
            Initializer.Report init = Initializer.run(config, connections);
            S3Endpoint s3 = served.s3Endpoint() == null ? null : new S3Endpoint(served.s3Endpoint(),
                    served.s3Credentials().accessKey(), served.s3Credentials().secretKey());
            MeridianConfig withPorts = ports.http() < 0 ? config : config.withHttp(config.http().withPort(ports.http()));
            StageContext context = connections.stageContext(withPorts, home.stateDir(), s3);
            List<Stage> built = catalog.apply(context);
            StageRunner stages = new StageRunner().start(built);
            file = file.withHttpUrl(built.stream().filter(io.meridian.http.HttpApi.class::isInstance)
                    .map(s -> ((io.meridian.http.HttpApi) s).url()).findFirst().orElse(null));
            file.write(home.endpointsFile());
            return new EmbeddedRuntime(home, stack, file, init, context, built, stages);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private static DevStack devStack(MeridianConfig config, MeridianHome home, Ports ports) {
        DevStackSettings.Builder builder = DevStack.builder().baseDir(home.dir());
        if (config.kafka().embedded()) {
            builder.kafka(ports.kafka()).kafkaControllerPort(ports.kafkaController());
        } else if (config.schemaRegistry().embedded()) {
            builder.externalKafka(config.kafka().bootstrap());
        }
        if (config.schemaRegistry().embedded()) {
            builder.schemaRegistry(ports.registry());
        }
        if (embeddedS3Silos(config).size() > 0) {
            builder.s3(ports.s3());
        }
        return builder.build();
    }

    private static List<SiloConfig> embeddedS3Silos(MeridianConfig config) {
        return config.silos().stream().filter(s -> "embedded".equals(s.endpoint())).toList();
    }

    private static void createBuckets(MeridianConfig config, DevStack stack) {
        for (SiloConfig silo : embeddedS3Silos(config)) {
            if (stack.s3().createBucket(silo.bucket())) {
                LOG.info("Created bucket {} for silo {}", silo.bucket(), silo.id());
            }
        }
    }

    /** Keys go to a file only the owner can read; endpoints.json only names it. */
    private static String writeCredentials(MeridianHome home, S3Credentials credentials) {
        Path file = home.s3CredentialsFile();
        try {
            Files.createDirectories(home.dir());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "accessKey=" + credentials.accessKey() + "\nsecretKey=" + credentials.secretKey() + "\n",
                    StandardCharsets.UTF_8);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public EndpointsFile endpoints() {
        return endpoints;
    }

    public Initializer.Report initReport() {
        return init;
    }

    /** Names of the stages running in this process. */
    public List<String> stageNames() {
        return stages.names();
    }

    public DevStack stack() {
        return stack;
    }

    /** The context the stages of this process run with: a harness starts more stages against the same components with it. */
    public StageContext context() {
        return context;
    }

    /** The stages of this process that are a {@code type}, in start order (closed ones included). */
    public <T extends Stage> List<T> stages(Class<T> type) {
        return catalog.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        stages.close();
        try {
            Files.deleteIfExists(home.endpointsFile());
            Files.deleteIfExists(home.s3CredentialsFile());
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", home.endpointsFile(), e.getMessage());
        }
        stack.close();
    }
}
