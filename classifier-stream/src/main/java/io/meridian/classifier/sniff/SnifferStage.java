package io.meridian.classifier.sniff;

import io.meridian.classifier.rules.CelRules;
import io.meridian.config.SiloConfig;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SiloStores;
import io.meridian.topics.TopicCatalog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content sniffing as a stage of its own: a thread (never a stream thread) that follows
 * {@code meridian.metadata} in consumer group {@value #GROUP}, reads the first bytes of new and
 * changed files from their silos within {@link SniffSettings}' bounds, and records the format it
 * recognises as the file tag {@code meridian.magic} through {@code meridian.tag-commands}.
 *
 * <p>Why a tag command: it is the topic through which anything but a silo says something about a
 * file, it is keyed by path (so the classifier applies it in order with the file's own events), it
 * keeps who and when (the sniffer, and the mtime of the content it read), and applying it re-runs the
 * classification rules, so a rule over {@code magic} updates the file's auto-tags with no new topic or
 * input. The cost: the tag is visible as a tag (and a user could set it), which is also what makes it
 * queryable ({@code tags['meridian.magic']}).
 *
 * <p>Runs only when some classification rule reads {@code magic} (the CEL checker resolves the
 * identifier to the declared variable: see {@code CelRules#readsMagic}): {@link #ifNeeded} is the
 * stage or nothing, so that {@code up} neither starts nor lists a sniffer no rule needs, and start
 * does nothing either, so no silo is read for nothing. On a first start the group reads the table
 * from the beginning: every existing file is sniffed once, at the bounded rate.
 */
public final class SnifferStage implements Stage {
    public static final String GROUP = "meridian-sniffer";
    private static final Logger LOG = LoggerFactory.getLogger(SnifferStage.class);
    private static final long JOIN_MILLIS = 10_000;

    private final StageContext context;
    private final SniffSettings settings;
    private final Map<String, SiloStore> stores = new LinkedHashMap<>();
    private SchemaRegistry registry;
    private KafkaProducer<String, byte[]> producer;
    private SniffLoop loop;
    private Thread thread;

    public SnifferStage(StageContext context, SniffSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    /** The sniffer as the one stage to run when some rule reads {@code magic}, else no stage at all. */
    public static List<SnifferStage> ifNeeded(StageContext context, SniffSettings settings) {
        SnifferStage sniffer = new SnifferStage(context, settings);
        if (!sniffer.needed()) {
            LOG.info("No classification rule reads 'magic': content sniffing is off");
            return List.of();
        }
        return List.of(sniffer);
    }

    @Override
    public String name() {
        return "content sniffer";
    }

    /** Whether the config has a rule that reads {@code magic}, i.e. whether start runs anything. */
    public boolean needed() {
        return CelRules.compile(context.config().classification(), Clock.systemUTC()).readsMagic();
    }

    @Override
    public synchronized void start() {
        if (!needed()) {
            return; // ifNeeded says so once
        }
        Map<String, SiloConfig> silos = new LinkedHashMap<>();
        for (SiloConfig silo : context.config().silos()) {
            try {
                stores.put(silo.id(), SiloStores.open(silo, context));
                silos.put(silo.id(), silo);
            } catch (RuntimeException e) {
                // e.g. an embedded S3 silo in a process that runs no embedded S3: sniff the other silos
                LOG.warn("Content sniffer cannot open silo {} ({}); its files are not sniffed", silo.id(), e.getMessage());
            }
        }
        registry = context.registry().get();
        producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
        loop = new SniffLoop(() -> new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer()),
                producer, TopicCatalog.METADATA.bind(registry).valueSerde().deserializer(),
                TopicCatalog.TAG_COMMANDS.bind(registry).valueSerde().serializer(), new ContentSniffer(silos, stores, settings));
        thread = new Thread(loop, "meridian-sniffer");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Content sniffer started: first {} bytes, at most {} files/s and {} bytes/s, silos {}",
                settings.maxBytes(), settings.filesPerSecond(), settings.bytesPerSecond(), stores.keySet());
    }

    private Properties consumerProperties() {
        Properties props = context.kafkaProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A poll's records are read at the bounded rate before the next poll; keep that well within max.poll.interval.ms.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, (int) Math.max(1, Math.min(500, settings.filesPerSecond() * 10)));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private Properties producerProperties() {
        Properties props = context.kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return props;
    }

    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.stop();
            try {
                thread.join(JOIN_MILLIS);
                if (thread.isAlive()) {
                    thread.interrupt(); // e.g. waiting for the rate limit: its uncommitted records are read again
                    thread.join(JOIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
            producer = null;
        }
        stores.values().forEach(SiloStore::close);
        stores.clear();
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
