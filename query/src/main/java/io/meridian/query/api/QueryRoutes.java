package io.meridian.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Json;
import io.meridian.query.sql.PushSink;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.sql.QueryException;
import io.meridian.query.sql.QueryRejectedException;
import io.meridian.query.sql.QueryResult;
import io.meridian.query.sql.QueryTimeoutException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/query} with {@code {"sql": "...", "format": "json" | "csv" | "ndjson"}} (or an
 * {@code Accept} header of {@code text/csv} / {@code application/x-ndjson}). Pull queries answer
 * {@code {"columns", "types", "rows", "truncated", "millis"}}, CSV with a header line, or NDJSON (a
 * {@code {"columns": [...]}} line, then one JSON array per row). Push queries ({@code EMIT CHANGES})
 * always stream NDJSON until the client disconnects; a blank line every few seconds keeps idle
 * connections checked. A bad query answers 400 with {@code error}, {@code line} and {@code column};
 * one that processes more rows than its budget 400 too; one stopped by its time limit 503; one refused because too many queries of the caller
 * (token) or of the server run already 429 with {@code Retry-After}.
 */
final class QueryRoutes {
    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final QueryEngine engine;
    private final ReadMetrics metrics;

    QueryRoutes(QueryEngine engine, ReadMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    void query(HttpCall call) throws IOException {
        JsonNode body = call.bodyJson(JsonNode.class);
        String sql = body.path("sql").asText("");
        if (sql.isBlank()) {
            throw HttpException.badRequest("send {\"sql\": \"SELECT ...\"}; e.g. SELECT path, size FROM files LIMIT 10");
        }
        String format = body.path("format").asText(formatFromAccept(call));
        try {
            if (QueryEngine.isPush(sql)) {
                metrics.pushQuery();
                push(call, sql);
            } else {
                pull(call, sql, format);
            }
        } catch (QueryException e) {
            metrics.queryError();
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getMessage());
            error.put("line", e.line());
            error.put("column", e.column());
            call.json(400, error);
        } catch (QueryTimeoutException e) {
            metrics.queryError();
            throw new HttpException(503, e.getMessage());
        } catch (QueryRejectedException e) {
            metrics.queryError();
            call.responseHeader("Retry-After", "1");
            throw new HttpException(429, e.getMessage());
        }
    }

    private static String formatFromAccept(HttpCall call) {
        String accept = call.header("Accept").orElse("");
        return accept.contains(NDJSON) ? "ndjson" : accept.contains(CSV) ? "csv" : "json";
    }

    private void pull(HttpCall call, String sql, String format) throws IOException {
        // per caller is per token: the role a token grants names it (one token per role)
        QueryResult result = engine.query(sql, call.granted().name());
        metrics.pullQuery(result.millis());
        call.responseHeader("X-Meridian-Truncated", Boolean.toString(result.truncated()));
        switch (format) {
            case "csv" -> call.text(200, CSV + "; charset=utf-8", Csv.render(result.columns(), result.rows()));
            case "ndjson" -> {
                StringBuilder out = new StringBuilder(Json.mapper().writeValueAsString(Map.of("columns", result.columns())));
                for (List<Object> row : result.rows()) {
                    out.append('\n').append(Json.mapper().writeValueAsString(row));
                }
                call.text(200, NDJSON, out.append('\n').toString());
            }
            case "json" -> call.json(200, result);
            default -> throw HttpException.badRequest("format must be json, csv or ndjson, not " + format);
        }
    }

    private void push(HttpCall call, String sql) throws IOException {
        OutputStream[] out = new OutputStream[1];
        PushSink sink = new PushSink() {
            @Override
            public void columns(List<String> columns) throws IOException {
                out[0] = call.stream(200, NDJSON, -1);
                line(out[0], Json.mapper().writeValueAsBytes(Map.of("columns", columns)));
            }

            @Override
            public void row(List<Object> values) throws IOException {
                line(out[0], Json.mapper().writeValueAsBytes(values));
            }

            @Override
            public void idle() throws IOException {
                line(out[0], new byte[0]);
            }
        };
        try {
            engine.push(sql, sink);
        } catch (IOException e) {
            // the client disconnected: the normal end of a push query
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping: end the stream quietly
        } finally {
            if (out[0] != null) {
                out[0].close();
            }
        }
    }

    private static void line(OutputStream out, byte[] json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
    }

    /** Comma-separated values with RFC 4180 quoting; maps and lists as JSON text. */
    static final class Csv {
        private Csv() {
        }

        static String render(List<String> columns, List<List<Object>> rows) throws IOException {
            StringBuilder out = new StringBuilder();
            appendRow(out, List.copyOf(columns));
            for (List<Object> row : rows) {
                appendRow(out, row);
            }
            return out.toString();
        }

        private static void appendRow(StringBuilder out, List<?> values) throws IOException {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(field(values.get(i)));
            }
            out.append("\r\n");
        }

        static String field(Object value) throws IOException {
            if (value == null) {
                return "";
            }
            String text = value instanceof Map || value instanceof List
                    ? new String(Json.mapper().writeValueAsBytes(value), StandardCharsets.UTF_8) : value.toString();
            boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
            return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
        }
    }
}
