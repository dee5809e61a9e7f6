package io.meridian.query.partition;

import io.meridian.http.HttpApi;
import io.meridian.http.Role;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.streams.StreamsSettings;
import io.meridian.streams.StreamsStage;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stage that runs this instance's share of the partitioned query tier: a Kafka Streams app
 * ({@value #APPLICATION_ID}, one group for every {@code serve --store partitioned}) that keeps the
 * partitions of {@code meridian.metadata} it is assigned in RocksDB (path → stored record, sorted by
 * path; restored from the topic itself, which is the store's changelog, so nothing is written
 * twice), advertises this process's HTTP address as its {@code application.server} (see
 * {@link #advertisedHost}), and answers
 * its peers on {@code POST /internal/v1/files/scan}. Start it after the {@link HttpApi} (it needs the
 * address). State lives under {@code <state dir>/query-store/port-<port>} (a fixed port keeps it
 * across restarts, so a restarted instance only catches up); {@code num.standby.replicas} in the
 * Kafka properties keeps warm copies on other instances.
 */
public final class PartitionedQueryTier implements Stage {
    public static final String APPLICATION_ID = "meridian-query";
    /** The environment variable naming the host other instances reach this one at. */
    public static final String ADVERTISED_HOST_ENV = "MERIDIAN_ADVERTISED_HOST";

    private final StageContext context;
    private final HttpApi http;
    private final PartitionedFiles files;
    private final StreamsStage streams = new StreamsStage("partitioned query store");

    public PartitionedQueryTier(StageContext context, HttpApi http, PartitionedFiles files) {
        this.context = context;
        this.http = http;
        this.files = files;
    }

    /** The index this stage keeps current (what its process's queries read). */
    public PartitionedFiles files() {
        return files;
    }

    @Override
    public String name() {
        return "partitioned query store";
    }

    @Override
    public synchronized void start() throws Exception {
        URI url = URI.create(http.url());
        HostInfo self = new HostInfo(advertisedHost(context.config().http().bind(), System.getenv(ADVERTISED_HOST_ENV)),
                url.getPort());
        int partitions = partitionsOfMetadata();
        Properties props = StreamsSettings.base(context, APPLICATION_ID, "query-store");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE); // it writes nothing
        // one directory per serving port: several serves may share a home (and Streams locks its state directory)
        props.put(StreamsConfig.STATE_DIR_CONFIG, context.stateDir().resolve("query-store").resolve("port-" + self.port()).toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // A joining instance first warms up copies of its share (the others keep answering), and takes it
        // over at the next probing rebalance: Kafka's default waits up to 10 minutes, this the least it allows.
        props.putIfAbsent(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, 60_000);
        OwnedPartitions[] local = new OwnedPartitions[1];
        streams.start(context.registry(), registry -> {
            // peers may ask as soon as the group knows this member: until the app runs, the route answers 409
            local[0] = new OwnedPartitions(streams::app, TopicCatalog.METADATA.bindWithoutRegistering(registry));
            http.route("POST", PeerClient.ROUTE, Role.READ, new ScanRoute(local[0])::handle);
            return topology(props);
        }, props);
        files.attach(new PartitionedFiles.Running(streams.app(), self, partitions, local[0], new PeerClient(http.peerAuthorization())));
    }

    private int partitionsOfMetadata() throws Exception {
        try (Admin admin = Admin.create(context.kafkaProperties())) {
            return admin.describeTopics(List.of(Topics.METADATA)).allTopicNames().get().get(Topics.METADATA).partitions().size();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the partitions of " + Topics.METADATA + " (" + e.getCause().getMessage()
                    + "); run meridian init to create the topics", e);
        }
    }

    /**
     * The host other instances reach this one at: {@value #ADVERTISED_HOST_ENV} when set (e.g. a
     * Kubernetes pod's IP), else the bind address, else, when bound to every interface, this host's address.
     */
    static String advertisedHost(String bind, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("http.bind is " + bind + " and this host's address is unknown (" + e.getMessage()
                    + "); set " + ADVERTISED_HOST_ENV + " to the address other serve instances reach this one at", e);
        }
    }

    /** A table of the metadata topic, its store holding the record bytes as they are on the topic. */
    static Topology topology(Properties props) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        builder.table(Topics.METADATA, Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(OwnedPartitions.STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()).withCachingDisabled());
        return builder.build(props);
    }

    @Override
    public synchronized void close() {
        files.detach();
        streams.close();
    }
}
