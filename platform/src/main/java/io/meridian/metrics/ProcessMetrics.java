package io.meridian.metrics;

import io.meridian.http.HttpApi;
import io.meridian.http.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one meter registry of a process: every stage the process runs registers its meters here
 * (through {@link io.meridian.stage.StageContext#metrics()}), and {@link #serveOn} puts the Prometheus
 * text of all of them on {@code GET /metrics} of the process's {@link HttpApi}.
 *
 * <p>Names: each stage registers under one prefix ({@code meridian.watcher.}, {@code meridian.classifier.},
 * {@code meridian.placement.}, {@code meridian.mover.}, {@code meridian.staging.}, {@code meridian.query.});
 * Micrometer's Prometheus naming turns dots into underscores and adds {@code _total} to counters and the
 * base unit to timers ({@code _seconds}). A stage registers every meter it has when it is built or
 * started, with every label value it knows then, so each family is scraped from start-up, at zero
 * until something happens.
 */
public final class ProcessMetrics {
    /** The content type of the Prometheus text format that {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A registry with the JVM's memory and thread meters bound. */
    public ProcessMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** Where stages register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter of the process in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Registers {@code GET /metrics} (read role) on {@code http}, answering {@link #scrape()}. */
    public void serveOn(HttpApi http) {
        http.route("GET", "/metrics", Role.READ, call -> call.text(200, CONTENT_TYPE, scrape()));
    }
}
