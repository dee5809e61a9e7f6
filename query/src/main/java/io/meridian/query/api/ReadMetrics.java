package io.meridian.query.api;

import io.meridian.query.store.MetadataStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The meters of the query API and the read path, registered on one registry. */
final class ReadMetrics {
    private final Counter bytesServed;
    private final Counter fallbacks;
    private final Timer pullQueries;
    private final Counter queryErrors;
    private final Counter pushQueries;

    ReadMetrics(MeterRegistry registry, MetadataStore store) {
        Gauge.builder("meridian.query.store.files", store, MetadataStore::fileCount)
                .description("Files in this API instance's copy of the metadata").register(registry);
        Gauge.builder("meridian.query.store.rows.read", store, MetadataStore::rowsRead)
                .description("Rows handed to queries since start").register(registry);
        Gauge.builder("meridian.query.store.skipped", store, MetadataStore::skipped)
                .description("Records the query store skipped: undecodable or with an invalid key (see the log)")
                .register(registry);
        bytesServed = Counter.builder("meridian.read.bytes").description("Bytes served by the read path").register(registry);
        fallbacks = Counter.builder("meridian.read.fallbacks")
                .description("Reads that fell back to another copy because the best one vanished").register(registry);
        pullQueries = Timer.builder("meridian.query.pull").description("Pull queries answered").register(registry);
        queryErrors = Counter.builder("meridian.query.errors").description("Queries refused or failed").register(registry);
        pushQueries = Counter.builder("meridian.query.push").description("Push queries started").register(registry);
    }

    void served(long bytes) {
        bytesServed.increment(bytes);
    }

    void fallback() {
        fallbacks.increment();
    }

    void pullQuery(long millis) {
        pullQueries.record(Duration.ofMillis(millis));
    }

    void queryError() {
        queryErrors.increment();
    }

    void pushQuery() {
        pushQueries.increment();
    }
}
