package io.meridian.cli.metrics;

import java.util.Map;
import java.util.TreeMap;

/** A Prometheus text scrape parsed into its samples: name and labels to value. */
record Scrape(Map<String, Double> samples) {

    static Scrape parse(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(samples);
    }

    /** The metric names of the samples ({@code meridian_mover_bytes_total}, {@code ..._seconds_count}). */
    java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        samples.keySet().forEach(key -> names.add(name(key)));
        return names;
    }

    /** The sum of the samples of {@code name} whose labels include every one of {@code labels} ("k=\"v\""). */
    double sum(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (name(e.getKey()).equals(name) && java.util.Arrays.stream(labels).allMatch(e.getKey()::contains)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    private static String name(String sample) {
        int brace = sample.indexOf('{');
        return brace < 0 ? sample : sample.substring(0, brace);
    }
}
