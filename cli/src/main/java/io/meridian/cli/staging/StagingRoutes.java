package io.meridian.cli.staging;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.ops.Operations;
import io.meridian.cli.ops.OperationsStage;
import io.meridian.http.EventStream;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.namespace.PathRejectedException;
import io.meridian.schemas.StagingState;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.serde.AvroJson;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP twins of {@code meridian stage ls | status | cancel} and {@code pin ls | release}, on the
 * process's one HTTP server; each runs one method of {@link Operations} (published through the
 * process's one producer, read from its query store):
 * <ul>
 *   <li>{@code GET /v1/staging} (read): {@code {"requests": [{"request": {...}, "status": {...} | null}]}},
 *       the open requests, oldest first;</li>
 *   <li>{@code GET /v1/staging/{id}} (read): the request's latest status; 404 when placement has published none;</li>
 *   <li>{@code GET /v1/staging/{id}/events} (read): Server-Sent Events ({@link EventStream}):
 *       {@code event: status} with the status as JSON each time it changes, the first at once, until a
 *       final state (READY, FAILED, EXPIRED: that event ends the stream), or {@code event: released}
 *       with {@code {"requestId": id}} when the request is released first; 404 when there is neither an
 *       open request nor a status of that id;</li>
 *   <li>{@code GET /v1/pins?path=P&request=ID} (read): {@code {"pins": [{path, silo, site, until,
 *       requestId, jobId}]}}, both parameters optional ({@link Operations#pins});</li>
 *   <li>{@code POST /v1/pins/release} (operator) with {@code {"request": ID}} or {@code {"path": P}}:
 *       202 {@code {"released": [ids]}} ({@link Operations#releasePins}); 404 when there is nothing to release.</li>
 * </ul>
 * {@code DELETE /v1/staging/{id}} is {@link StagingReleaseRoute}; {@code POST /v1/staging} is in
 * {@code PlacementRoutes}.
 */
public final class StagingRoutes {
    private static final String EVENTS = "/events";

    private final OperationsStage operations;

    private StagingRoutes(OperationsStage operations) {
        this.operations = operations;
    }

    public static void register(HttpApi http, OperationsStage operations) {
        StagingRoutes routes = new StagingRoutes(operations);
        // "/v1/staging/" also matches "/v1/staging" (HttpApi's prefix rule): the list is its empty rest
        http.route("GET", "/v1/staging/", Role.READ, routes::listStatusOrEvents)
                .route("GET", "/v1/pins", Role.READ, routes::pins)
                .route("POST", "/v1/pins/release", Role.OPERATOR, routes::releasePins);
    }

    private void list(HttpCall call) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Operations.Staging staging : operations.operations().stagingRequests()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("request", AvroJson.toTree(staging.request()));
            entry.put("status", staging.status() == null ? null : AvroJson.toTree(staging.status()));
            out.add(entry);
        }
        call.json(200, Map.of("requests", out));
    }

    private void listStatusOrEvents(HttpCall call) throws IOException {
        String rest = call.rest();
        if (rest.isEmpty()) {
            list(call);
            return;
        }
        if (rest.endsWith(EVENTS)) {
            events(call, id(rest.substring(0, rest.length() - EVENTS.length())));
            return;
        }
        String id = id(rest);
        StagingStatus status = operations.operations().stagingStatus(id).orElseThrow(
                () -> HttpException.notFound("no status for staging request '" + id + "' (yet)"));
        call.json(200, AvroJson.toTree(status));
    }

    private void events(HttpCall call, String id) throws IOException {
        Operations ops = operations.operations();
        if (ops.stagingStatus(id).isEmpty() && ops.stagingRequest(id).isEmpty()) {
            throw HttpException.notFound("no staging request '" + id + "' on " + Topics.STAGING_REQUESTS);
        }
        StagingStatus[] sent = {null};
        EventStream.serve(call, () -> {
            Optional<StagingStatus> now = ops.stagingStatus(id);
            if (now.isPresent() && !now.get().equals(sent[0])) {
                sent[0] = now.get();
                return new EventStream.Event("status", AvroJson.toTree(now.get()), isFinal(now.get().getState()));
            }
            if (ops.stagingRequest(id).isEmpty()) {
                return new EventStream.Event("released", Map.of("requestId", id), true);
            }
            return null;
        });
    }

    private void pins(HttpCall call) throws IOException {
        Map<String, String> query = call.queryParameters();
        List<Operations.Pin> pins;
        try {
            pins = operations.operations().pins(Instant.now(), query.get("path"), query.get("request"));
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Operations.Pin pin : pins) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", pin.path());
            entry.put("silo", pin.silo());
            entry.put("site", pin.site());
            entry.put("until", pin.until().toString());
            entry.put("requestId", pin.requestId());
            entry.put("jobId", pin.jobId());
            out.add(entry);
        }
        call.json(200, Map.of("pins", out));
    }

    private void releasePins(HttpCall call) throws IOException {
        JsonNode body = call.bodyJson(JsonNode.class);
        String request = body.hasNonNull("request") ? body.get("request").asText() : null;
        String path = body.hasNonNull("path") ? body.get("path").asText() : null;
        if ((request == null) == (path == null)) {
            throw HttpException.badRequest("POST /v1/pins/release takes {\"request\": ID} or {\"path\": PATH}, one of them");
        }
        if (request != null) {
            id(request);
        }
        List<String> released;
        try {
            released = operations.operations().releasePins(request, path, Instant.now());
        } catch (PathRejectedException e) {
            throw HttpException.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw HttpException.notFound(e.getMessage());
        }
        call.json(202, Map.of("released", released));
    }

    /** Whether placement is done with a request: READY, FAILED or EXPIRED. */
    public static boolean isFinal(StagingState state) {
        return state != StagingState.PENDING && state != StagingState.STAGING;
    }

    private static String id(String id) {
        if (!StagingReleaseRoute.ID.matcher(id).matches()) {
            throw HttpException.badRequest("a staging request id is letters, digits, . _ : @ - (at most 200), not '" + id + "'");
        }
        return id;
    }
}
