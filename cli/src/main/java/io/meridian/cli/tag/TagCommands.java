package io.meridian.cli.tag;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.ops.Operations;
import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.TagNames;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds validated tag commands from command-line arguments and from the fields of {@code POST /v1/tags}
 * (the CLI checks its arguments here, then sends them to that route); {@link Operations#tag} publishes
 * them to meridian.tag-commands, keyed by path. Everything is checked here, before anything is sent.
 */
final class TagCommands {
    private TagCommands() {
    }

    /** The path, checked as a directory (ending in '/') or a file path. */
    static String path(String path) {
        return LogicalPath.isDirectory(path) ? LogicalPath.directory(path) : LogicalPath.file(path);
    }

    /** A SET command from {@code key=value} arguments. */
    static TagCommand set(String path, List<String> assignments, String actor) {
        Map<String, String> tags = new TreeMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + assignment + "' is not key=value, e.g. stage=training");
            }
            String key = TagNames.checkKey(assignment.substring(0, eq));
            tags.put(key, TagNames.checkValue(key, assignment.substring(eq + 1)));
        }
        return command(path, TagOp.SET, tags, List.of(), actor);
    }

    /** A REMOVE command of {@code keys}. */
    static TagCommand remove(String path, List<String> keys, String actor) {
        keys.forEach(TagNames::checkKey);
        return command(path, TagOp.REMOVE, Map.of(), keys, actor);
    }

    /**
     * Sends a checked tag change to {@code POST /v1/tags} of the running server, which publishes it
     * (recording the caller, and the $USER the CLI states, as who set it); returns its answer.
     */
    static JsonNode send(ApiClient api, Map<String, Object> body) throws IOException, InterruptedException {
        return api.sendJson("POST", "/v1/tags", body);
    }

    private static TagCommand command(String path, TagOp op, Map<String, String> tags, List<String> keys, String actor) {
        return TagCommand.newBuilder().setPath(path(path)).setOp(op).setTags(tags).setKeys(List.copyOf(keys))
                .setActor(actor).setAt(Instant.now()).setCommandId(UUID.randomUUID().toString()).build();
    }
}
