package io.meridian.cli.stuck;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.ops.OperationsStage;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.query.store.StuckRow;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP twins of {@code meridian stuck ls | retry}, running the same
 * {@link io.meridian.cli.ops.Operations} as the commands:
 * <ul>
 *   <li>{@code GET /v1/stuck}: {@code [{"path", "commandId", "reason", "attempts", "since"}]} in path
 *   order, {@code since} in epoch millis (read role);</li>
 *   <li>{@code POST /v1/stuck/retry} with {@code {"path": "/a/b"}} or {@code {"all": true}}: 202 with
 *   {@code {"retried": [paths]}}; 400 when the path is not stuck, or when the body names neither or
 *   both (operator role).</li>
 * </ul>
 */
public final class StuckRoutes {
    private final OperationsStage operations;

    private StuckRoutes(OperationsStage operations) {
        this.operations = operations;
    }

    public static void register(HttpApi http, OperationsStage operations) {
        StuckRoutes routes = new StuckRoutes(operations);
        http.route("GET", "/v1/stuck", Role.READ, routes::list)
                .route("POST", "/v1/stuck/retry", Role.OPERATOR, routes::retry);
    }

    private void list(HttpCall call) throws IOException {
        call.json(200, operations.operations().stuck().stream().map(StuckRoutes::describe).toList());
    }

    private void retry(HttpCall call) throws IOException {
        JsonNode body = call.bodyJson(JsonNode.class);
        boolean all = body.path("all").asBoolean(false);
        String path = body.hasNonNull("path") ? body.get("path").asText() : null;
        if (all == (path != null)) {
            throw HttpException.badRequest("name a stuck file ({\"path\": \"/a/b\"}) or all of them ({\"all\": true})");
        }
        List<String> retried;
        try {
            retried = operations.operations().retryStuck(path, call.caller());
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        call.json(202, Map.of("retried", retried));
    }

    static Map<String, Object> describe(StuckRow row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", row.path());
        out.put("commandId", row.commandId());
        out.put("reason", row.reason());
        out.put("attempts", row.attempts());
        out.put("since", row.since());
        return out;
    }
}
