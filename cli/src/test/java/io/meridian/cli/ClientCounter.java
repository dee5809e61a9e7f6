package io.meridian.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsContext;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * Counts the Kafka clients created in this JVM by kind ({@code kafka.producer}, {@code kafka.consumer}),
 * leaving out those of Kafka Streams threads, which the Streams stages create and replace on their own.
 */
public final class ClientCounter implements MetricsReporter {
    private static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();
    private String clientId = "";

    public static int created(String namespace) {
        return CREATED.getOrDefault(namespace, new AtomicInteger()).get();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get("client.id");
        clientId = id == null ? "" : id.toString();
    }

    @Override
    public void contextChange(MetricsContext context) {
        String namespace = context.contextLabels().get(MetricsContext.NAMESPACE);
        if (namespace != null && !clientId.contains("StreamThread")) {
            CREATED.computeIfAbsent(namespace, n -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }
}
