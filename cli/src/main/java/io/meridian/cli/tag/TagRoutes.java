package io.meridian.cli.tag;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.ops.Operations;
import io.meridian.cli.ops.OperationsStage;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.schemas.TagCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/tags}, the HTTP twin of {@code meridian tag set|rm}: {@code {"path": "/datasets/train/",
 * "set": {"stage": "training"}}} or {@code {"path": ..., "remove": ["stage"]}}. Validated like the CLI
 * (TagNames, LogicalPath); needs the operator role. Published through the process's {@link Operations}.
 */
public final class TagRoutes {
    private TagRoutes() {
    }

    public static void register(HttpApi http, OperationsStage operations) {
        http.route("POST", "/v1/tags", Role.OPERATOR, call -> tag(call, operations.operations()));
    }

    private static void tag(HttpCall call, Operations operations) throws IOException {
        TagCommand command = command(call.bodyJson(JsonNode.class), call.caller());
        operations.tag(command);
        call.json(202, Map.of("commandId", command.getCommandId(), "path", command.getPath(), "op", command.getOp().name()));
    }

    private static TagCommand command(JsonNode body, String actor) {
        String path = body.path("path").asText("");
        boolean set = body.hasNonNull("set");
        if (set == body.hasNonNull("remove")) {
            throw HttpException.badRequest("give either \"set\": {key: value} or \"remove\": [key], with \"path\"");
        }
        try {
            if (set) {
                List<String> assignments = new ArrayList<>();
                body.get("set").fields().forEachRemaining(e -> assignments.add(e.getKey() + "=" + e.getValue().asText()));
                return TagCommands.set(path, assignments, actor);
            }
            List<String> keys = new ArrayList<>();
            body.get("remove").forEach(k -> keys.add(k.asText()));
            return TagCommands.remove(path, keys, actor);
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
    }
}
