package io.meridian.cli;

import io.meridian.cli.runtime.MetricsServer;
import io.meridian.stage.StageContext;
import picocli.CommandLine.Option;

/** {@code --metrics-port}: where a command that runs stages without the HTTP API serves {@code GET /metrics}. */
public final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of this process's GET /metrics (Prometheus text), on the config's http.bind"
                    + " with its tokens (default: any free port; the URL is printed at start).")
    int port;

    /** The metrics endpoint of a process built from {@code context}. */
    public MetricsServer server(StageContext context) {
        return new MetricsServer(context, port);
    }

    public int port() {
        return port;
    }
}
