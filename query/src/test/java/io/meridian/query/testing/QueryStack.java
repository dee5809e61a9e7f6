package io.meridian.query.testing;

import io.meridian.config.HttpConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.http.HttpApi;
import io.meridian.query.api.QueryApi;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.store.MetadataMaterializer;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.stage.StageContext;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real broker, registry and S3 endpoint with Meridian's topics (3 partitions), and the query
 * stages on an HTTP server on a free loopback port. One per test class.
 */
public final class QueryStack implements AutoCloseable {
    public final EmbeddedKafka kafka;
    public final EmbeddedSchemaRegistry registry;
    public final StageContext context;
    public final MetadataStore store = new MetadataStore();
    public final MetadataMaterializer materializer;
    public final HttpApi http;
    private final QueryApi api;

    public final EmbeddedS3 s3;

    /** The stack with an embedded S3 endpoint and the given silos in its config. */
    public QueryStack(Path dir, QueryEngine.Limits limits, java.util.List<SiloConfig> silos) throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
        registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), 3, (short) 1);
        }
        s3 = EmbeddedS3.builder().port(0).build().start();
        MeridianConfig config = new MeridianConfig("test", io.meridian.config.KafkaConfig.embeddedDefaults(),
                new io.meridian.config.RegistryConfig(registry.url(), Map.of()), silos, java.util.List.of(),
                java.util.List.of(), HttpConfig.defaults().withPort(0));
        String url = registry.url();
        S3Endpoint endpoint = new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey());
        context = new StageContext(config, props, () -> HttpSchemaRegistryClient.of(url), dir.resolve("state"), Optional.of(endpoint));
        materializer = new MetadataMaterializer(context, store);
        http = HttpApi.fromConfig(config.http());
        api = new QueryApi(context, store, http, limits, "gpu-east");
        context.metrics().serveOn(http);
        materializer.start();
        api.start();
        http.start();
    }

    @Override
    public void close() {
        http.close();
        api.close();
        materializer.close();
        registry.close();
        kafka.close();
        s3.close();
    }
}
