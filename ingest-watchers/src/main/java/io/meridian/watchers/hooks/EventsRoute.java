package io.meridian.watchers.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.http.Route;
import io.meridian.watchers.publish.EventSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/events}: a JSON array of FileEvents (the {@code meridian publish} line format), each
 * validated on its own by {@link EventValidator}; the valid ones are published and acknowledged before
 * the answer. The answer lists a result per item ({@code {"index": 0, "ok": true}} or
 * {@code {"index": 1, "ok": false, "error": "..."}}, the error naming the field) with the counts
 * {@code published} and {@code failed}; status 200 when every item was published, 207 when some were
 * refused, 400 when none was valid or the body is not one JSON array (malformed, duplicate fields,
 * trailing data). Bad input never causes a 5xx; only a failure to publish does.
 */
public final class EventsRoute implements Route {
    public static final String PATH = "/v1/events";
    private final EventValidator validator;
    private final EventSink sink;

    public EventsRoute(EventValidator validator, EventSink sink) {
        this.validator = validator;
        this.sink = sink;
    }

    /** Registers the route on the process's HTTP server (operator token when tokens are configured). */
    public static void register(HttpApi api, EventValidator validator, EventSink sink) {
        api.route("POST", PATH, Role.OPERATOR, new EventsRoute(validator, sink));
    }

    @Override
    public void handle(HttpCall call) throws IOException {
        JsonNode items;
        try {
            items = EventJson.parse(call.body());
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest("body is " + e.getMessage());
        }
        if (items == null || !items.isArray()) {
            throw HttpException.badRequest("body must be a JSON array of events");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int published = 0;
        for (int i = 0; i < items.size(); i++) {
            EventValidator.Checked checked = validator.checkNode(items.get(i));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            result.put("ok", checked.ok());
            if (checked.ok()) {
                sink.publish(checked.event());
                published++;
            } else {
                result.put("error", checked.error());
            }
            results.add(result);
        }
        sink.flush();
        int failed = items.size() - published;
        int status = failed == 0 ? 200 : published == 0 ? 400 : 207;
        call.json(status, Map.of("published", published, "failed", failed, "results", results));
    }
}
