package io.meridian.cli.query;

import io.meridian.cli.api.TablePrinter;
import io.meridian.cli.api.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.CommonOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridian query "SQL"}: runs SQL on the running {@code up}'s HTTP API and prints the answer. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run SQL over the global metadata of a running meridian up.",
                "Tables:",
                "  files (path, name, dir, ext, size, mtime, tags, auto_tags, instance_count,",
                "    silos, state, version, last_access)",
                "  instances (path, silo, site, tier, size, mtime, crc32c, state)",
                "  silos (id/silo, kind, site, tier, mount, capacity, used, free, files, state,",
                "    labels)",
                "  moves (command_id, path, op, source, target, reason, status, issued_at,",
                "    finished_at, bytes, error)",
                "  staging (request_id, job_id, state, files_total, files_ready, bytes_total,",
                "    bytes_ready, eta_ms, ...)",
                "Tags: tags['stage'] = 'training'. A query ending in EMIT CHANGES prints every",
                "new or changed matching file as it comes, until Ctrl-C.",
                "Token (when the server wants one): environment variable MERIDIAN_TOKEN."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:answered", "1:the server refused the query, or none is running; the message says "
                        + "what to do",
                "2:usage error",
                "130:an EMIT CHANGES query stopped with Ctrl-C"})
public final class QueryCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SQL", description = "The query, e.g. \"SELECT silo, used, free FROM silos\".")
    String sql;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    @Option(names = "--url", paramLabel = "URL", description = "HTTP API to ask (default: the running up's).")
    String url;

    @Spec
    CommandSpec spec;

    static final class Format {
        @Option(names = "--json", description = "Print the answer as JSON (push queries: one JSON array per line).")
        boolean json;

        @Option(names = "--csv", description = "Print the answer as CSV.")
        boolean csv;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ApiClient api = ApiClient.resolve(url, common.home());
        String wire = format.csv ? "csv" : "ndjson";
        ApiClient.Response response = api.query(sql, format.json && !sql.toUpperCase().contains("EMIT") ? "json" : wire);
        ApiClient.check(response);
        PrintWriter out = spec.commandLine().getOut();
        try (InputStream body = response.body()) {
            if (format.csv || format.json) {
                copyText(body, out);
            } else {
                printTable(body, out, response.header("X-Meridian-Truncated").orElse("false"));
            }
        }
        out.flush();
        return 0;
    }

    private static void copyText(InputStream body, PrintWriter out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isEmpty()) {
                out.println(line);
                out.flush();
            }
        }
    }

    /** NDJSON in, table out: all at once for pull queries, a line per row for push queries. */
    private void printTable(InputStream body, PrintWriter out, String truncated) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        List<String> columns = new ArrayList<>();
        ApiClient.json().readTree(reader.readLine()).get("columns").forEach(c -> columns.add(c.asText()));
        boolean push = sql.toUpperCase().matches("(?s).*\\bEMIT\\s+CHANGES\\s*;?\\s*$");
        if (push) {
            out.println(TablePrinter.line(columns));
            out.flush();
        }
        List<JsonNode> rows = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = ApiClient.json().readTree(line);
            if (push) {
                List<String> cells = new ArrayList<>();
                row.forEach(v -> cells.add(TablePrinter.cell(v)));
                out.println(TablePrinter.line(cells));
                out.flush();
            } else {
                rows.add(row);
            }
        }
        if (!push) {
            out.print(TablePrinter.render(columns, rows));
            out.println("(" + rows.size() + (rows.size() == 1 ? " row" : " rows")
                    + ("true".equals(truncated) ? ", cut at the server's row limit; add a WHERE or LIMIT" : "") + ")");
        }
    }
}
