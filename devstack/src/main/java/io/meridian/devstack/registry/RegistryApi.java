package io.meridian.devstack.registry;

import static io.meridian.devstack.registry.RegistryRoute.delete;
import static io.meridian.devstack.registry.RegistryRoute.get;
import static io.meridian.devstack.registry.RegistryRoute.post;
import static io.meridian.devstack.registry.RegistryRoute.put;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.devstack.registry.StoreRecord.SchemaRecord;
import io.meridian.schemas.registry.SchemaRegistry.CompatibilityResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Confluent Schema Registry REST subset Meridian's clients use, mapped onto {@link RegistryService}.
 *
 * <p>Request and answer bodies have Confluent's field names: {@code {"schema":...}} in,
 * {@code {"id":N}}, {@code {"subject","version","id","schema"}}, {@code {"is_compatible","messages"}},
 * {@code {"compatibilityLevel":L}} (GET) and {@code {"compatibility":L}} (PUT) out. Only Avro schemas
 * without references are accepted.
 */
final class RegistryApi {
    private static final String SUBJECT = "/subjects/([^/]+)";
    private static final String VERSION = SUBJECT + "/versions/([^/]+)";

    private RegistryApi() {
    }

    static List<RegistryRoute> routes(RegistryService service) {
        return List.of(
                get("/?", request -> Map.of()),
                get("/subjects/?", request -> service.subjects(request.flag("deleted"))),
                post(SUBJECT + "/versions/?", request -> register(service, request)),
                get(SUBJECT + "/versions/?", request -> service.versions(request.pathParam(1), request.flag("deleted"))),
                get(VERSION + "/?", request -> describe(service.version(request.pathParam(1), request.pathParam(2),
                        request.flag("deleted")))),
                post(SUBJECT + "/?", request -> describe(service.lookup(request.pathParam(1), schemaOf(request)))),
                delete(SUBJECT + "/?", request -> service.deleteSubject(request.pathParam(1))),
                get("/schemas/ids/(\\d+)/?", request -> Map.of("schema", service.schemaById(id(request)))),
                get("/schemas/ids/(\\d+)/versions/?", request -> uses(service.usesOf(id(request)))),
                post("/compatibility" + VERSION + "/?", request -> compatibility(service, request, request.pathParam(2))),
                post("/compatibility" + SUBJECT + "/versions/?", request -> compatibility(service, request, null)),
                get("/config/?", request -> Map.of("compatibilityLevel", service.globalLevel().name())),
                put("/config/?", request -> Map.of("compatibility", service.setLevel(null, level(request)).name())),
                get("/config/([^/]+)/?", request -> Map.of("compatibilityLevel",
                        service.subjectLevel(request.pathParam(1), request.flag("defaultToGlobal")).name())),
                put("/config/([^/]+)/?", request -> Map.of("compatibility",
                        service.setLevel(request.pathParam(1), level(request)).name())));
    }

    private static Map<String, Integer> register(RegistryService service, RegistryRequest request) {
        return Map.of("id", service.register(request.pathParam(1), schemaOf(request)));
    }

    private static Map<String, Object> compatibility(RegistryService service, RegistryRequest request,
            String version) {
        CompatibilityResult result = service.checkCompatibility(request.pathParam(1), version, schemaOf(request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", result.compatible());
        body.put("messages", request.flag("verbose") ? result.messages() : List.of());
        return body;
    }

    /** The Avro schema text of a request body; refuses other schema types and references. */
    private static String schemaOf(RegistryRequest request) {
        JsonNode body = request.body();
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryErrors.invalidSchema("schemaType " + type + " is not supported; this registry serves AVRO");
        }
        if (body.path("references").size() > 0) {
            throw RegistryErrors.invalidSchema("schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        return schema == null || !schema.isTextual() ? null : schema.asText();
    }

    /** The level of a config update; Confluent reads {@code compatibility}, some clients send the GET name. */
    private static String level(RegistryRequest request) {
        String level = request.bodyText("compatibility");
        return level != null ? level : request.bodyText("compatibilityLevel");
    }

    private static int id(RegistryRequest request) {
        try {
            return Integer.parseInt(request.pathParam(1));
        } catch (NumberFormatException e) {
            throw RegistryErrors.schemaNotFoundInSubject();
        }
    }

    private static Map<String, Object> describe(SchemaRecord version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", version.subject());
        body.put("version", version.version());
        body.put("id", version.id());
        body.put("schema", version.schema());
        return body;
    }

    private static List<Map<String, Object>> uses(List<SchemaRecord> versions) {
        return versions.stream().map(v -> {
            Map<String, Object> use = new LinkedHashMap<>();
            use.put("subject", v.subject());
            use.put("version", v.version());
            return use;
        }).toList();
    }
}
