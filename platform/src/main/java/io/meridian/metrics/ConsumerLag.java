package io.meridian.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Kafka consumer lag of a stage as one gauge, {@code <prefix>.consumer.lag} (Prometheus:
 * {@code <prefix>_consumer_lag_records}): the sum of the {@code records-lag} of every partition
 * assigned to the stage's consumers in this process, read from the clients' own metrics at each
 * scrape. A Kafka Streams app counts its main consumers only (not restore or global-store consumers).
 */
public final class ConsumerLag {
    private static final String GROUP = "consumer-fetch-manager-metrics";

    private ConsumerLag() {
    }

    /**
     * Registers the gauge; {@code metrics} is read at each scrape and may be empty (the stage not
     * started, or stopped): the gauge is 0 then.
     */
    public static void register(MeterRegistry registry, String prefix, String stage,
                                Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        // held strongly: the supplier is often a method reference no one else keeps (a gauge's state is weak by default)
        Gauge.builder(prefix + ".consumer.lag", metrics, m -> sum(m.get())).strongReference(true)
                .description("Records the " + stage + "'s consumers in this process are behind the end of their partitions")
                .baseUnit("records").register(registry);
    }

    /** The summed {@code records-lag} of the partitions in {@code metrics}; unknown (NaN) lags count 0. */
    public static double sum(Map<MetricName, ? extends Metric> metrics) {
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && name.group().equals(GROUP) && name.tags().containsKey("partition")
                    && mainConsumer(name.tags().getOrDefault("client-id", ""))) {
                Object value = e.getValue().metricValue();
                if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    lag += Math.max(0, n.doubleValue());
                }
            }
        }
        return lag;
    }

    private static boolean mainConsumer(String clientId) {
        return !clientId.endsWith("-restore-consumer") && !clientId.endsWith("-global-consumer");
    }
}
