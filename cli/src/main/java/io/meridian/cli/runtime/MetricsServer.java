package io.meridian.cli.runtime;

import io.meridian.http.HttpApi;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;

/**
 * {@code GET /metrics} (and {@code /health}) of a process that runs stages but not the HTTP API
 * ({@code meridian place}, {@code classify}, {@code move}, {@code watch}, {@code up --stages} without
 * {@code serve}): an {@link HttpApi} with only those routes, on the config's {@code http.bind} and
 * tokens and its own port. A process that serves the API has {@code /metrics} there instead
 * ({@link StageCatalog}); either way it scrapes the context's one registry.
 */
public final class MetricsServer implements Stage {
    private final HttpApi http;

    /** A server on {@code port} (0: any free port) for the meters of {@code context}. */
    public MetricsServer(StageContext context, int port) {
        this.http = HttpApi.fromConfig(context.config().http().withPort(port));
        context.metrics().serveOn(http);
    }

    @Override
    public String name() {
        return "metrics endpoint";
    }

    @Override
    public void start() throws Exception {
        http.start();
    }

    /** Where Prometheus scrapes, e.g. {@code http://127.0.0.1:9464/metrics}; only after {@link #start()}. */
    public String url() {
        return http.url() + "/metrics";
    }

    @Override
    public void close() {
        http.close();
    }
}
