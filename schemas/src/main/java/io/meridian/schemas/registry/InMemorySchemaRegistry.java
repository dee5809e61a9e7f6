package io.meridian.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * A registry in the memory of one process that behaves like Confluent Schema Registry, for tests on
 * {@code TopologyTestDriver} and for any code that needs a registry without a server.
 *
 * <p>Behaviour, as Confluent's: ids are global and start at 1; the same schema text gets the same id in
 * every subject; each subject numbers its versions from 1; registering a schema the subject already holds
 * returns its id without a check; a new schema must pass the subject's compatibility level (BACKWARD
 * unless {@link #setCompatibility set}), checked by {@link CompatibilityChecker}, or is refused with an
 * {@link IncompatibleSchemaException} whose message names the fields. Schemas are told apart by their
 * JSON text, docs included. Thread-safe; every method is atomic.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final String WHERE = " in the in-memory schema registry";

    private final CompatibilityLevel defaultLevel;
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<String, List<SchemaVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();

    /** A registry whose subjects default to BACKWARD compatibility, Confluent's default. */
    public InMemorySchemaRegistry() {
        this(CompatibilityLevel.BACKWARD);
    }

    /** A registry whose subjects default to {@code defaultLevel}. */
    public InMemorySchemaRegistry(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String text = schema.toString();
        List<SchemaVersion> versions = subjects.getOrDefault(subject, List.of());
        for (SchemaVersion version : versions) {
            if (version.schema().toString().equals(text)) {
                return version.id();
            }
        }
        List<String> problems = CompatibilityChecker.check(level(subject), schema, schemas(versions));
        if (!problems.isEmpty()) {
            // Confluent's own 409 wording, so tests read the same text as a real registry gives.
            throw new IncompatibleSchemaException(409, "Schema being registered is incompatible with an earlier "
                    + "schema for subject \"" + subject + "\", details: " + problems + WHERE + ": make the "
                    + "change compatible (give a new field a default, do not change a field's type)");
        }
        int id = idsByText.computeIfAbsent(text, ignored -> idsByText.size() + 1);
        schemasById.putIfAbsent(id, schema);
        subjects.computeIfAbsent(subject, ignored -> new ArrayList<>())
                .add(new SchemaVersion(subject, versions.size() + 1, id, schema));
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new NotFoundException(NotFoundException.SCHEMA_NOT_FOUND, "schema id " + id + " not found"
                    + WHERE + " (it holds ids 1.." + schemasById.size() + "): register the schema in the test "
                    + "before reading records written with it");
        }
        return schema;
    }

    @Override
    public synchronized SchemaVersion latest(String subject) {
        List<SchemaVersion> versions = versionsOf(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized SchemaVersion lookup(String subject, Schema schema) {
        String text = schema.toString();
        return versionsOf(subject).stream()
                .filter(version -> version.schema().toString().equals(text))
                .findFirst()
                .orElseThrow(() -> new NotFoundException(NotFoundException.SCHEMA_NOT_FOUND, "schema "
                        + schema.getFullName() + " not registered under subject " + subject + WHERE
                        + ": register it first (auto.register.schemas=true) or check the topic name"));
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        List<String> problems = CompatibilityChecker.check(level(subject), schema,
                schemas(subjects.getOrDefault(subject, List.of())));
        return problems.isEmpty() ? CompatibilityResult.ok() : new CompatibilityResult(false, List.copyOf(problems));
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levels.put(subject, level);
    }

    /** The compatibility level that applies to a subject. */
    public synchronized CompatibilityLevel compatibility(String subject) {
        return level(subject);
    }

    /** Every version of a subject, oldest first. */
    public synchronized List<SchemaVersion> versions(String subject) {
        return List.copyOf(versionsOf(subject));
    }

    @Override
    public synchronized String toString() {
        return "InMemorySchemaRegistry" + subjects.entrySet().stream()
                .map(entry -> entry.getKey() + "=v" + entry.getValue().size())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private CompatibilityLevel level(String subject) {
        return levels.getOrDefault(subject, defaultLevel);
    }

    private List<SchemaVersion> versionsOf(String subject) {
        List<SchemaVersion> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new NotFoundException(NotFoundException.SUBJECT_NOT_FOUND, "subject " + subject + " not found"
                    + WHERE + " (subjects: " + subjects.keySet() + "): register the schema first or check the "
                    + "topic name");
        }
        return versions;
    }

    private static List<Schema> schemas(List<SchemaVersion> versions) {
        return versions.stream().map(SchemaVersion::schema).toList();
    }
}
