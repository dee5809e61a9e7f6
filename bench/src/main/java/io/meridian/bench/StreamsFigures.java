package io.meridian.bench;

import io.meridian.bench.ScaleStack.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures of running Streams instances and of the machine for {@link ScaleBench}: records each instance
 * processed, where their stream threads spent their time (Streams' thread ratios), and the load average.
 */
final class StreamsFigures {
    /** Means of the stream threads' ratios (process, commit, poll, punctuate), sampled while a flow runs. */
    private final Map<String, double[]> ratios = new TreeMap<>();

    /** Adds one sample of the current thread ratios of every stream thread of {@code instances}. */
    synchronized void sampleRatios(List<Instance> instances) {
        Map<String, List<Double>> now = new TreeMap<>();
        for (Instance instance : instances) {
            instance.streamsMetrics().get().forEach((name, metric) -> {
                if (name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio")
                        && metric.metricValue() instanceof Number value && !Double.isNaN(value.doubleValue())) {
                    now.computeIfAbsent(name.name().replace("-ratio", ""), k -> new ArrayList<>()).add(value.doubleValue());
                }
            });
        }
        now.forEach((name, values) -> {
            double[] sum = ratios.computeIfAbsent(name, k -> new double[2]);
            sum[0] += values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            sum[1]++;
        });
    }

    /** "process 0.55, commit 0.20, ..." over the samples taken, or "-" without any. */
    synchronized String ratios() {
        List<String> parts = new ArrayList<>();
        ratios.forEach((name, sum) -> parts.add(String.format(Locale.ROOT, "%s %.2f", name, sum[0] / sum[1])));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** Records processed so far by each instance's stream threads (Streams' process-total, every sub-topology). */
    static long[] processed(List<Instance> instances) {
        long[] out = new long[instances.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) instances.get(i).streamsMetrics().get().entrySet().stream()
                    .filter(e -> e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals("process-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        }
        return out;
    }

    /** Each instance's share of the records processed between two {@link #processed} figures, e.g. "50 % / 50 %". */
    static String shares(long[] before, long[] after) {
        long total = 0;
        for (int i = 0; i < after.length; i++) {
            total += after[i] - before[i];
        }
        long sum = Math.max(1, total);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < after.length; i++) {
            parts.add(String.format(Locale.ROOT, "%.0f %%", 100.0 * (after[i] - before[i]) / sum));
        }
        return String.join(" / ", parts);
    }

    /** The 1-minute load average, or "?" where /proc/loadavg cannot be read. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }
}
