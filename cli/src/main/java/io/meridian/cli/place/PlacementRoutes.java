package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.ops.OperationsStage;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Json;
import io.meridian.http.Role;
import io.meridian.placement.request.StagingSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.serde.AvroJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The HTTP twins of {@code meridian policy} and {@code stage}, on the process's one
 * HTTP server: changes need the operator role, reads the read-only one. They run the same
 * {@link io.meridian.cli.ops.Operations} as the CLI, so placement cannot tell which one was used; here
 * they publish through the process's one producer and read from its query store.
 */
public final class PlacementRoutes {
    private final OperationsStage operations;

    private PlacementRoutes(OperationsStage operations) {
        this.operations = operations;
    }

    /**
     * Registers GET/POST /v1/policies, DELETE /v1/policies/{name} and POST /v1/staging (the staging
     * reads are {@code StagingRoutes}, the silo routes {@link SiloRoutes}). POST /v1/staging answers 400 with the valid values for a site or tier
     * that no silo on meridian.silos has.
     */
    public static void register(HttpApi http, OperationsStage operations) {
        PlacementRoutes routes = new PlacementRoutes(operations);
        http.route("GET", "/v1/policies", Role.READ, routes::listPolicies)
                .route("POST", "/v1/policies", Role.OPERATOR, HttpApi.JSON_OR_YAML_BODY, routes::applyPolicies)
                .route("DELETE", "/v1/policies/", Role.OPERATOR, routes::removePolicy)
                .route("POST", "/v1/staging", Role.OPERATOR, routes::createStaging);
    }

    private void listPolicies(HttpCall call) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        operations.operations().policies().forEach(p -> out.add(AvroJson.toTree(p)));
        call.json(200, out);
    }

    /**
     * Checked as {@code meridian policy apply} checks a file, against the silos on meridian.silos; 400 with
     * the message, located in {@code ?source=} (default "request body").
     */
    private void applyPolicies(HttpCall call) throws Exception {
        // errors are located as "SOURCE:line:"; 'meridian policy apply' names its file in ?source=
        String source = call.queryParameters().getOrDefault("source", "request body");
        PolicyFile.Document body = new PolicyFile.Document(source, new String(call.body(), StandardCharsets.UTF_8));
        List<Policy> policies = parse(() -> operations.operations().applyPolicies(body, Instant.now()));
        call.json(200, Map.of("applied", policies.stream().map(Policy::getName).toList()));
    }

    private void removePolicy(HttpCall call) throws IOException {
        String name = call.rest();
        if (!operations.operations().removePolicy(name)) {
            throw HttpException.notFound("no policy named '" + name + "'");
        }
        call.json(200, Map.of("removed", name));
    }

    private void createStaging(HttpCall call) throws Exception {
        JsonNode body = call.bodyJson(JsonNode.class);
        StagingRequest request = parse(() -> stagingRequest(body, call.caller()));
        parse(() -> {
            operations.operations().requestStaging(request);
            return request;
        });
        call.json(202, Map.of("requestId", request.getRequestId()));
    }

    /** The same fields as {@code meridian stage create}; deadline and pinUntil are instants or durations from now. */
    private static StagingRequest stagingRequest(JsonNode body, String caller) {
        Instant now = Instant.now();
        String job = required(body, "job");
        List<String> prefixes = new ArrayList<>();
        body.path("prefixes").forEach(p -> prefixes.add(p.asText()));
        Map<String, String> tags = new TreeMap<>();
        body.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        String tier = body.path("tier").asText(null);
        StagingRequest request = StagingRequest.newBuilder()
                .setRequestId(body.hasNonNull("id") ? body.get("id").asText() : job + "-" + UUID.randomUUID().toString().substring(0, 8))
                .setJobId(job).setSite(required(body, "site")).setPrefixes(prefixes).setTags(tags)
                .setTier(tier == null ? null : StageCommand.tier(tier))
                .setDeadline(StageCommand.time("deadline", required(body, "deadline"), now))
                .setPinUntil(StageCommand.time("pinUntil", required(body, "pinUntil"), now))
                .setPriority(body.path("priority").asInt(0)).setRequestedBy(caller).setCreatedAt(now).build();
        StagingSelector.validate(request);
        return request;
    }

    private static String required(JsonNode body, String field) {
        if (!body.hasNonNull(field) || body.get(field).asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return body.get(field).asText();
    }

    /** Validation failures are the caller's to fix: 400 with the message. */
    private static <T> T parse(java.util.concurrent.Callable<T> parse) throws Exception {
        try {
            return parse.call();
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
    }
}
