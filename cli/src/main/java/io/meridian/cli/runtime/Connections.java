package io.meridian.cli.runtime;

import io.meridian.config.MeridianConfig;
import io.meridian.config.S3Endpoint;
import io.meridian.config.SecretRefs;
import io.meridian.metrics.ProcessMetrics;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.RegistrySettings;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.StageContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where this process finds Kafka and the schema registry: from the config, or, for {@code embedded},
 * from the endpoints file of the running {@code meridian up}. Client properties have their
 * {@code ${env:...}} / {@code ${file:...}} references resolved here and nowhere else.
 */
public final class Connections {
    private final String kafkaBootstrap;
    private final Map<String, String> kafkaProperties;
    private final String registryUrl;
    private final Map<String, String> registryProperties;

    public Connections(String kafkaBootstrap, Map<String, String> kafkaProperties, String registryUrl,
                       Map<String, String> registryProperties) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.registryUrl = registryUrl;
        this.registryProperties = Map.copyOf(registryProperties);
    }

    /** Resolves a config; embedded parts are looked up in the running {@code up}'s endpoints file. */
    public static Connections of(MeridianConfig config, MeridianHome home) {
        EndpointsFile running = config.kafka().embedded() || config.schemaRegistry().embedded()
                ? EndpointsFile.require(home.endpointsFile()) : null;
        return of(config, running);
    }

    /** Resolves a config against known endpoints of the embedded components (null when none run). */
    public static Connections of(MeridianConfig config, EndpointsFile embedded) {
        SecretRefs secrets = SecretRefs.fromSystem();
        String bootstrap = config.kafka().embedded() ? embedded.kafkaBootstrap() : config.kafka().bootstrap();
        String registry = config.schemaRegistry().embedded() ? embedded.registryUrl() : config.schemaRegistry().url();
        return new Connections(bootstrap, secrets.resolve(config.kafka().properties()), registry,
                secrets.resolve(config.schemaRegistry().properties()));
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** Client properties for any Kafka client: bootstrap plus the config's {@code kafka.properties}. */
    public Properties kafka() {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        return props;
    }

    /**
     * The context a stage runs with. {@code embeddedS3} is where silos with {@code endpoint: embedded}
     * live (null when no embedded S3 runs). Each call makes a new meter registry: a process builds one
     * context and gives it to every stage it runs.
     */
    public StageContext stageContext(MeridianConfig config, Path stateDir, S3Endpoint embeddedS3) {
        return new StageContext(config, kafka(), this::registry, stateDir, Optional.ofNullable(embeddedS3),
                new ProcessMetrics());
    }

    /** The context for a stage run by its own subcommand, next to (or without) a running {@code up}. */
    public static StageContext stageContextFor(MeridianConfig config, MeridianHome home) {
        EndpointsFile running = EndpointsFile.readLive(home.endpointsFile()).orElse(null);
        Connections connections = of(config, home);
        S3Endpoint s3 = running == null || running.s3Endpoint() == null ? null
                : S3Endpoint.fromFile(running.s3Endpoint(), Path.of(running.s3CredentialsFile()), "embedded S3");
        return connections.stageContext(config, home.stateDir(), s3);
    }

    /** A registry client; the caller closes it. */
    public SchemaRegistry registry() {
        Map<String, Object> props = new HashMap<>(registryProperties);
        props.put("schema.registry.url", registryUrl);
        return new HttpSchemaRegistryClient(RegistrySettings.fromConfig(props));
    }
}
