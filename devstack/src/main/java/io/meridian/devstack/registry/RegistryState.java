package io.meridian.devstack.registry;

import io.meridian.devstack.registry.StoreRecord.ConfigRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaTombstone;
import io.meridian.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's in-memory view of the {@code _schemas} topic, built by applying its records in log order.
 *
 * <p>Conflicts between registry instances are resolved by that order: a schema record is ignored when
 * its id is already bound to other schema text, its schema text to another id, its (subject, version)
 * to another id, or when its schema is already a live version of the subject. Every instance applies
 * the same log the same way, so all of them agree. Thread-safe: one thread applies, many read.
 */
final class RegistryState {
    static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, NavigableMap<Integer, SchemaRecord>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = DEFAULT_LEVEL;
    private int maxId;

    /** Applies one record; returns false when it lost a conflict and was ignored. */
    synchronized boolean apply(StoreRecord record) {
        if (record instanceof SchemaRecord schema) {
            return applySchema(schema);
        }
        if (record instanceof SchemaTombstone tombstone) {
            NavigableMap<Integer, SchemaRecord> versions = subjects.get(tombstone.subject());
            return versions != null && versions.remove(tombstone.version()) != null;
        }
        applyConfig((ConfigRecord) record);
        return true;
    }

    private boolean applySchema(SchemaRecord record) {
        String boundSchema = schemaById.get(record.id());
        Integer boundId = idBySchema.get(record.schema());
        if ((boundSchema != null && !boundSchema.equals(record.schema()))
                || (boundId != null && boundId != record.id())) {
            return false;
        }
        NavigableMap<Integer, SchemaRecord> versions = subjects.computeIfAbsent(record.subject(), s -> new TreeMap<>());
        SchemaRecord taken = versions.get(record.version());
        if (taken != null && taken.id() != record.id()) {
            return false;
        }
        if (taken == null && !record.deleted() && liveVersionWithId(versions, record.id()).isPresent()) {
            return false;
        }
        schemaById.put(record.id(), record.schema());
        idBySchema.put(record.schema(), record.id());
        maxId = Math.max(maxId, record.id());
        versions.put(record.version(), record);
        return true;
    }

    private void applyConfig(ConfigRecord record) {
        if (record.subject() == null) {
            globalLevel = record.level() == null ? DEFAULT_LEVEL : record.level();
        } else if (record.level() == null) {
            subjectLevels.remove(record.subject());
        } else {
            subjectLevels.put(record.subject(), record.level());
        }
    }

    /** Whether this exact record is the one applied at its (subject, version). */
    synchronized boolean holds(SchemaRecord record) {
        NavigableMap<Integer, SchemaRecord> versions = subjects.get(record.subject());
        return versions != null && record.equals(versions.get(record.version()));
    }

    /**
     * What registering {@code schema} under {@code subject} means now: the live version that already
     * holds it, or the record that would add it (reusing the schema's global id when it has one).
     */
    synchronized RegistrationPlan plan(String subject, String schema) {
        List<SchemaRecord> live = versions(subject, false);
        for (SchemaRecord version : live) {
            if (version.schema().equals(schema)) {
                return new RegistrationPlan(version, true, live, level(subject));
            }
        }
        NavigableMap<Integer, SchemaRecord> all = subjects.get(subject);
        int version = all == null || all.isEmpty() ? 1 : all.lastKey() + 1;
        int id = idBySchema.getOrDefault(schema, maxId + 1);
        return new RegistrationPlan(new SchemaRecord(subject, version, id, schema, false), false, live, level(subject));
    }

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    /** The live (subject, version) pairs that hold schema {@code id}. */
    synchronized List<SchemaRecord> usesOf(int id) {
        List<SchemaRecord> uses = new ArrayList<>();
        for (NavigableMap<Integer, SchemaRecord> versions : subjects.values()) {
            versions.values().stream().filter(v -> v.id() == id && !v.deleted()).forEach(uses::add);
        }
        return uses;
    }

    /** Subjects with at least one version, live ones only unless {@code includeDeleted}; sorted. */
    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (versions.values().stream().anyMatch(v -> includeDeleted || !v.deleted())) {
                names.add(name);
            }
        });
        return names;
    }

    /** A subject's versions, oldest first; live ones only unless {@code includeDeleted}. */
    synchronized List<SchemaRecord> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, SchemaRecord> versions = subjects.getOrDefault(subject, new TreeMap<>());
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    /** The level that applies to a subject: its own, else the global one. */
    synchronized CompatibilityLevel level(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    private static Optional<SchemaRecord> liveVersionWithId(Map<Integer, SchemaRecord> versions, int id) {
        return versions.values().stream().filter(v -> v.id() == id && !v.deleted()).findFirst();
    }

    /**
     * The outcome of {@link #plan}: either {@code existing} (the record already registered) or the
     * record to append, with the live versions and level its compatibility is checked against.
     */
    record RegistrationPlan(SchemaRecord record, boolean existing, List<SchemaRecord> liveVersions,
            CompatibilityLevel level) {
    }
}
