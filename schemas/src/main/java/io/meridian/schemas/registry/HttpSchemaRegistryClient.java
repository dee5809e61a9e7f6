package io.meridian.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.schemas.registry.RegistryErrors.Operation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistry} over the Confluent Schema Registry REST API, as documented in Confluent's API
 * reference, so it works against Confluent Schema Registry, Apicurio's ccompat API (base URL
 * {@code .../apis/ccompat/v7}), Karapace, Redpanda and Meridian's embedded registry.
 *
 * <p>Caching: ids never change meaning, so {@link #schemaById} asks the registry once per id; the id of a
 * (subject, schema) pair is asked once by {@link #register} and {@link #lookup}, so a serializer does
 * not call the registry per record. Subjects and versions are not cached ({@link #latest} always asks).
 *
 * <p>Thread-safe. Failures are {@link SchemaRegistryException}s whose message names the registry URL
 * (never its credentials) and says what to do.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistrySettings settings;
    private final RegistryTransport transport;
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, SchemaVersion> lookedUp = new ConcurrentHashMap<>();

    // Keyed by the schema's JSON text: the registry tells schemas apart by their text, docs included.
    private record SubjectSchema(String subject, String schema) {
    }

    public HttpSchemaRegistryClient(RegistrySettings settings) {
        this.settings = settings;
        this.transport = new RegistryTransport(settings);
    }

    /** A client of the registry at {@code url} (a comma list tries each in turn), without authentication. */
    public static HttpSchemaRegistryClient of(String url) {
        return new HttpSchemaRegistryClient(RegistrySettings.of(url));
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer known = registeredIds.get(key);
        if (known != null) {
            return known;
        }
        var response = transport.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(key));
        JsonNode body = okBody(response, Operation.REGISTER, subject);
        int id = requiredInt(body, "id", response, Operation.REGISTER, subject);
        registeredIds.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        String target = Integer.toString(id);
        var response = transport.send("GET", "/schemas/ids/" + id, null);
        JsonNode body = okBody(response, Operation.SCHEMA_BY_ID, target);
        Schema schema = parseSchema(body, response, Operation.SCHEMA_BY_ID, target);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    @Override
    public SchemaVersion latest(String subject) {
        var response = transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        return version(okBody(response, Operation.LATEST, subject), response, Operation.LATEST, subject);
    }

    @Override
    public SchemaVersion lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        SchemaVersion known = lookedUp.get(key);
        if (known != null) {
            return known;
        }
        var response = transport.send("POST", "/subjects/" + encode(subject), schemaBody(key));
        SchemaVersion found = version(okBody(response, Operation.LOOKUP, subject), response, Operation.LOOKUP,
                subject);
        lookedUp.put(key, found);
        registeredIds.put(key, found.id());
        return found;
    }

    /**
     * Tests against the latest version. A subject without versions (Confluent answers 40401, Karapace and
     * Apicurio 40402) accepts any schema, so that answer means compatible.
     */
    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        var response = transport.send("POST", "/compatibility/subjects/" + encode(subject)
                + "/versions/latest?verbose=true", schemaBody(new SubjectSchema(subject, schema.toString())));
        if (response.status() == 404) {
            int code = RegistryErrors.parse(JSON, response.body()).errorCode();
            if (code == NotFoundException.SUBJECT_NOT_FOUND || code == NotFoundException.VERSION_NOT_FOUND) {
                return CompatibilityResult.ok();
            }
        }
        JsonNode body = okBody(response, Operation.COMPATIBILITY, subject);
        JsonNode verdict = body.path("is_compatible");
        if (!verdict.isBoolean() && !verdict.isTextual()) {
            throw RegistryErrors.unexpectedBody(response, Operation.COMPATIBILITY, subject, null);
        }
        // Old Confluent docs show "true" as a string; asBoolean() reads both forms.
        boolean compatible = verdict.asBoolean();
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(message -> messages.add(message.asText()));
        if (!compatible && messages.isEmpty()) {
            messages.add("the registry at " + response.registryUrl() + " gave no reason (it ignores ?verbose=true)");
        }
        return new CompatibilityResult(compatible, List.copyOf(messages));
    }

    @Override
    public List<String> subjects() {
        var response = transport.send("GET", "/subjects", null);
        JsonNode body = okBody(response, Operation.SUBJECTS, null);
        if (!body.isArray()) {
            throw RegistryErrors.unexpectedBody(response, Operation.SUBJECTS, null, null);
        }
        List<String> subjects = new ArrayList<>();
        body.forEach(subject -> subjects.add(subject.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        String body = write(Map.of("compatibility", level.name()));
        var response = transport.send("PUT", "/config/" + encode(subject), body);
        okBody(response, Operation.SET_COMPATIBILITY, subject);
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + settings + "]";
    }

    /** Percent-encodes a subject for a path segment ({@code /} and spaces included, unlike a query). */
    static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String schemaBody(SubjectSchema key) {
        return write(Map.of("schema", key.schema()));
    }

    private static String write(Map<String, String> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a two-string JSON object", e);
        }
    }

    private static JsonNode okBody(RegistryTransport.Response response, Operation operation, String target) {
        if (!response.ok()) {
            throw RegistryErrors.toException(JSON, response, operation, target);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body == null || body.isMissingNode()) {
                throw RegistryErrors.unexpectedBody(response, operation, target, null);
            }
            return body;
        } catch (JsonProcessingException e) {
            throw RegistryErrors.unexpectedBody(response, operation, target, e);
        }
    }

    private SchemaVersion version(JsonNode body, RegistryTransport.Response response, Operation operation,
                                  String subject) {
        int id = requiredInt(body, "id", response, operation, subject);
        int version = requiredInt(body, "version", response, operation, subject);
        Schema schema = parseSchema(body, response, operation, subject);
        Schema cached = schemasById.putIfAbsent(id, schema);
        String answeredSubject = body.path("subject").asText(subject);
        return new SchemaVersion(answeredSubject, version, id, cached == null ? schema : cached);
    }

    private static int requiredInt(JsonNode body, String field, RegistryTransport.Response response,
                                   Operation operation, String target) {
        JsonNode value = body.path(field);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw RegistryErrors.unexpectedBody(response, operation, target, null);
        }
        return value.intValue();
    }

    private static Schema parseSchema(JsonNode body, RegistryTransport.Response response, Operation operation,
                                      String target) {
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equalsIgnoreCase("AVRO")) {
            throw new SchemaRegistryException("the registry at " + response.registryUrl() + " holds a " + type
                    + " schema where Meridian expects Avro (to " + operation.describe(target) + "): check the "
                    + "topic name; Meridian's topics carry Avro values only", null);
        }
        JsonNode text = body.path("schema");
        if (!text.isTextual()) {
            throw RegistryErrors.unexpectedBody(response, operation, target, null);
        }
        try {
            // A fresh parser per schema: a shared one refuses to see a named type twice.
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("the registry at " + response.registryUrl() + " returned a schema "
                    + "Avro cannot parse (to " + operation.describe(target) + "): " + e.getMessage(), e);
        }
    }
}
