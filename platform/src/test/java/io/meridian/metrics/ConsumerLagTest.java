package io.meridian.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    private final Map<MetricName, Metric> metrics = new HashMap<>();

    @Test
    void shouldSumThePartitionLagsOfTheMainConsumersOnly() {
        lag("app-StreamThread-1-consumer", "0", 5);
        lag("app-StreamThread-1-consumer", "1", 7);
        lag("app-StreamThread-2-consumer", "2", Double.NaN); // not yet known
        lag("app-StreamThread-1-restore-consumer", "0", 100);
        lag("app-global-consumer", "0", 1000);
        metrics.put(name("records-lag-max", "app-StreamThread-1-consumer", null), value(50)); // per client, not per partition

        assertThat(ConsumerLag.sum(metrics)).isEqualTo(12);
    }

    @Test
    void shouldScrapeTheStageLagUnderItsPrefixFromStartUp() {
        ProcessMetrics process = new ProcessMetrics();
        ConsumerLag.register(process.registry(), "meridian.placement", "placement", () -> metrics);

        assertThat(process.scrape()).contains("meridian_placement_consumer_lag_records 0.0");
        lag("mover-1", "3", 4);
        System.gc(); // the supplier is held strongly by the gauge
        assertThat(process.scrape()).contains("meridian_placement_consumer_lag_records 4.0");
    }

    private void lag(String client, String partition, double value) {
        metrics.put(name("records-lag", client, partition), value(value));
    }

    private static MetricName name(String name, String client, String partition) {
        Map<String, String> tags = new HashMap<>(Map.of("client-id", client, "topic", "t"));
        if (partition != null) {
            tags.put("partition", partition);
        }
        return new MetricName(name, "consumer-fetch-manager-metrics", "", tags);
    }

    private static Metric value(double value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }
}
