package io.meridian.devstack.registry;

import io.meridian.devstack.registry.RegistryState.RegistrationPlan;
import io.meridian.devstack.registry.StoreRecord.ConfigRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaRecord;
import io.meridian.schemas.registry.CompatibilityChecker;
import io.meridian.schemas.registry.CompatibilityLevel;
import io.meridian.schemas.registry.NotFoundException;
import io.meridian.schemas.registry.SchemaRegistry.CompatibilityResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry's operations over a {@link RegistryState} kept by a {@link SchemaLog}.
 *
 * <p>Contract: schemas are Avro; their identity is Avro's normalised JSON text, so the same schema
 * written with other whitespace is the same schema. One schema text has one global id in every
 * subject. A write is acknowledged only after it has come back through the log and won there; a
 * write that lost to another registry instance is retried on fresh state a bounded number of times.
 * A read that finds nothing first catches up with the log once, so an id registered through another
 * instance is found. Failures are the Confluent errors of {@link RegistryErrors}.
 */
final class RegistryService {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);
    private static final int MAX_REGISTER_ATTEMPTS = 8;
    private static final long RETRY_BASE_DELAY_MS = 10;

    private final RegistryState state;
    private final SchemaLog log;
    private final Map<String, Schema> parsedByText = new ConcurrentHashMap<>();

    RegistryService(RegistryState state, SchemaLog log) {
        this.state = state;
        this.log = log;
    }

    /** Registers a schema under a subject, or returns the id it already has there. */
    synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        for (int attempt = 1; attempt <= MAX_REGISTER_ATTEMPTS; attempt++) {
            log.catchUp();
            RegistrationPlan plan = state.plan(subject, schema.toString());
            if (plan.existing()) {
                return plan.record().id();
            }
            requireCompatible(subject, schema, plan);
            log.append(plan.record());
            if (state.holds(plan.record())) {
                LOG.info("Registered schema id {} as subject {} version {}", plan.record().id(), subject,
                        plan.record().version());
                return plan.record().id();
            }
            LOG.info("Registration under subject {} lost to another registry (attempt {} of {}); retrying",
                    subject, attempt, MAX_REGISTER_ATTEMPTS);
            pauseBeforeRetry(attempt);
        }
        throw RegistryErrors.storeError("Could not register under subject '" + subject + "' after "
                + MAX_REGISTER_ATTEMPTS + " attempts: other registries keep writing the same subject", null);
    }

    /** The live version of the subject that holds this schema. */
    SchemaRecord lookup(String subject, String schemaText) {
        String normalised = parse(schemaText).toString();
        return fresh(() -> {
            List<SchemaRecord> live = liveVersions(subject);
            return live.stream().filter(v -> v.schema().equals(normalised)).reduce((first, last) -> last)
                    .orElseThrow(RegistryErrors::schemaNotFoundInSubject);
        });
    }

    String schemaById(int id) {
        return fresh(() -> state.schemaById(id).orElseThrow(() -> RegistryErrors.schemaNotFound(id)));
    }

    /** The live (subject, version) pairs of a schema id. */
    List<SchemaRecord> usesOf(int id) {
        return fresh(() -> {
            state.schemaById(id).orElseThrow(() -> RegistryErrors.schemaNotFound(id));
            return state.usesOf(id);
        });
    }

    List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        return fresh(() -> {
            List<SchemaRecord> versions = state.versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw RegistryErrors.subjectNotFound(subject);
            }
            return versions.stream().map(SchemaRecord::version).toList();
        });
    }

    /** One version of a subject; {@code versionSpec} is a number or {@code latest}. */
    SchemaRecord version(String subject, String versionSpec, boolean includeDeleted) {
        OptionalInt wanted = parseVersion(versionSpec);
        return fresh(() -> findVersion(subject, wanted, includeDeleted));
    }

    /**
     * Whether the schema could follow the given version ({@code latest} or null: the versions the
     * subject's level compares with), with the reasons when not.
     */
    CompatibilityResult checkCompatibility(String subject, String versionSpec, String schemaText) {
        Schema candidate = parse(schemaText);
        OptionalInt wanted = versionSpec == null ? OptionalInt.empty() : parseVersion(versionSpec);
        List<SchemaRecord> against = fresh(() -> wanted.isPresent()
                ? List.of(findVersion(subject, wanted, false)) : liveVersions(subject));
        List<String> problems = CompatibilityChecker.check(state.level(subject), candidate, schemasOf(against));
        return new CompatibilityResult(problems.isEmpty(), problems);
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    /** A subject's own level, else the global one if {@code defaultToGlobal}, else 40408. */
    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        return state.subjectLevel(subject).orElseGet(() -> {
            if (defaultToGlobal) {
                return state.globalLevel();
            }
            throw RegistryErrors.subjectLevelNotConfigured(subject);
        });
    }

    /** Sets the level of a subject, or the global level when {@code subject} is null. */
    synchronized CompatibilityLevel setLevel(String subject, String levelName) {
        CompatibilityLevel level = parseLevel(levelName);
        log.append(new ConfigRecord(subject, level));
        LOG.info("Compatibility of {} set to {}", subject == null ? "all subjects" : "subject " + subject, level);
        return level;
    }

    /** Soft-deletes every live version of a subject; returns their numbers. */
    synchronized List<Integer> deleteSubject(String subject) {
        log.catchUp();
        List<SchemaRecord> live = liveVersions(subject);
        live.forEach(version -> log.append(version.asDeleted()));
        LOG.info("Soft-deleted subject {} versions {}", subject, live.stream().map(SchemaRecord::version).toList());
        return live.stream().map(SchemaRecord::version).toList();
    }

    private SchemaRecord findVersion(String subject, OptionalInt wanted, boolean includeDeleted) {
        List<SchemaRecord> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        if (wanted.isEmpty()) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == wanted.getAsInt()).findFirst()
                .orElseThrow(() -> RegistryErrors.versionNotFound(wanted.getAsInt()));
    }

    private List<SchemaRecord> liveVersions(String subject) {
        List<SchemaRecord> live = state.versions(subject, false);
        if (live.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return live;
    }

    private void requireCompatible(String subject, Schema candidate, RegistrationPlan plan) {
        List<String> problems = CompatibilityChecker.check(plan.level(), candidate, schemasOf(plan.liveVersions()));
        if (!problems.isEmpty()) {
            throw RegistryErrors.incompatible(subject, problems, plan.level().name());
        }
    }

    private List<Schema> schemasOf(List<SchemaRecord> versions) {
        return versions.stream()
                .map(v -> parsedByText.computeIfAbsent(v.schema(), text -> new Schema.Parser().parse(text)))
                .toList();
    }

    private <T> T fresh(Supplier<T> read) {
        try {
            return read.get();
        } catch (NotFoundException e) {
            log.catchUp();
            return read.get();
        }
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryErrors.invalidSchema("the request has no schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            // Avro 1.12 reports some invalid input (an unknown type name) as a NullPointerException.
            throw RegistryErrors.invalidSchema(e.getMessage());
        }
    }

    /** Empty for the latest version. */
    private static OptionalInt parseVersion(String spec) {
        if (spec.equals("latest") || spec.equals("-1")) {
            return OptionalInt.empty();
        }
        try {
            int version = Integer.parseInt(spec);
            if (version >= 1) {
                return OptionalInt.of(version);
            }
        } catch (NumberFormatException e) {
            // falls through to the Confluent error below
        }
        throw RegistryErrors.invalidVersion(spec);
    }

    private static CompatibilityLevel parseLevel(String name) {
        try {
            return CompatibilityLevel.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.invalidCompatibilityLevel();
        }
    }

    private static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(RETRY_BASE_DELAY_MS * attempt + (long) (Math.random() * RETRY_BASE_DELAY_MS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("Interrupted while retrying a registration", e);
        }
    }
}
