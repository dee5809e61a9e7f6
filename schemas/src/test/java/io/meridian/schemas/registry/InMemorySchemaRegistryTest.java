package io.meridian.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.schemas.FileEvent;
import io.meridian.schemas.registry.SchemaRegistry.CompatibilityResult;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final String SUBJECT = "meridian.file-events-value";
    private static final Schema V1 = parse("""
            {"type":"record","name":"FileEvent","namespace":"io.meridian.schemas","fields":[
              {"name":"path","type":"string"},
              {"name":"size","type":"long"}]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldRegisterOptionalFieldWithDefaultAsVersionTwo() {
        Schema v2 = parse("""
                {"type":"record","name":"FileEvent","namespace":"io.meridian.schemas","fields":[
                  {"name":"path","type":"string"},
                  {"name":"size","type":"long"},
                  {"name":"owner","type":["null","string"],"default":null}]}""");
        int first = registry.register(SUBJECT, V1);

        int second = registry.register(SUBJECT, v2);

        assertThat(second).isNotEqualTo(first);
        assertThat(registry.latest(SUBJECT).version()).isEqualTo(2);
        assertThat(registry.latest(SUBJECT).id()).isEqualTo(second);
        assertThat(registry.latest(SUBJECT).schema()).isEqualTo(v2);
        assertThat(registry.versions(SUBJECT)).extracting(SchemaRegistry.SchemaVersion::version).containsExactly(1, 2);
    }

    @Test
    void shouldRefuseFieldWithoutDefaultNamingTheField() {
        Schema noDefault = parse("""
                {"type":"record","name":"FileEvent","namespace":"io.meridian.schemas","fields":[
                  {"name":"path","type":"string"},
                  {"name":"size","type":"long"},
                  {"name":"priority","type":"int"}]}""");
        registry.register(SUBJECT, V1);

        IncompatibleSchemaException refusal = catchThrowableOfType(IncompatibleSchemaException.class,
                () -> registry.register(SUBJECT, noDefault));

        assertThat(refusal.httpStatus()).isEqualTo(409);
        assertThat(refusal.getMessage()).contains(SUBJECT, "READER_FIELD_MISSING_DEFAULT_VALUE", "'priority'");
        assertThat(registry.versions(SUBJECT)).hasSize(1);
    }

    @Test
    void shouldRefuseChangedFieldTypeNamingTheField() {
        Schema sizeAsString = parse("""
                {"type":"record","name":"FileEvent","namespace":"io.meridian.schemas","fields":[
                  {"name":"path","type":"string"},
                  {"name":"size","type":"string"}]}""");
        registry.register(SUBJECT, V1);

        IncompatibleSchemaException refusal = catchThrowableOfType(IncompatibleSchemaException.class,
                () -> registry.register(SUBJECT, sizeAsString));

        assertThat(refusal.getMessage()).contains("TYPE_MISMATCH", "additionalInfo:'size'");
    }

    @Test
    void shouldExplainIncompatibilityWithoutRegistering() {
        registry.register(SUBJECT, V1);
        Schema sizeAsString = parse("""
                {"type":"record","name":"FileEvent","namespace":"io.meridian.schemas","fields":[
                  {"name":"path","type":"string"},
                  {"name":"size","type":"string"}]}""");

        CompatibilityResult verdict = registry.testCompatibility(SUBJECT, sizeAsString);

        assertThat(verdict.compatible()).isFalse();
        assertThat(verdict.messages()).anyMatch(message -> message.contains("size"));
        assertThat(registry.versions(SUBJECT)).hasSize(1);
        assertThat(registry.testCompatibility("meridian.unused-value", sizeAsString).compatible()).isTrue();
    }

    @Test
    void shouldGiveSameIdToSameSchemaInEverySubjectWithOwnVersionNumbers() {
        Schema other = parse("{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        int otherId = registry.register("other-value", other);
        int inFileEvents = registry.register(SUBJECT, V1);

        int inCopy = registry.register("meridian.file-events-copy-value", V1);

        assertThat(otherId).isEqualTo(1);
        assertThat(inFileEvents).isEqualTo(2);
        assertThat(inCopy).isEqualTo(inFileEvents);
        assertThat(registry.latest("meridian.file-events-copy-value").version()).isEqualTo(1);
        assertThat(registry.register(SUBJECT, V1)).as("re-registering changes nothing").isEqualTo(inFileEvents);
        assertThat(registry.versions(SUBJECT)).hasSize(1);
        assertThat(registry.subjects()).containsExactly("meridian.file-events-copy-value", SUBJECT, "other-value");
    }

    @Test
    void shouldAcceptAnyChangeWhenSubjectLevelIsNone() {
        registry.register(SUBJECT, V1);
        registry.setCompatibility(SUBJECT, CompatibilityLevel.NONE);

        registry.register(SUBJECT, FileEvent.getClassSchema());

        assertThat(registry.compatibility(SUBJECT)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("other-value")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.latest(SUBJECT).version()).isEqualTo(2);
    }

    @Test
    void shouldLookUpRegisteredSchemaAndRefuseUnknownOnes() {
        int id = registry.register(SUBJECT, V1);

        assertThat(registry.lookup(SUBJECT, V1).id()).isEqualTo(id);
        assertThat(registry.schemaById(id)).isEqualTo(V1);
        NotFoundException unknownSchema = catchThrowableOfType(NotFoundException.class,
                () -> registry.lookup(SUBJECT, FileEvent.getClassSchema()));
        NotFoundException unknownSubject = catchThrowableOfType(NotFoundException.class,
                () -> registry.latest("meridian.nope-value"));
        NotFoundException unknownId = catchThrowableOfType(NotFoundException.class, () -> registry.schemaById(99));

        assertThat(unknownSchema.errorCode()).isEqualTo(NotFoundException.SCHEMA_NOT_FOUND);
        assertThat(unknownSchema.getMessage()).contains(SUBJECT, "register it first");
        assertThat(unknownSubject.errorCode()).isEqualTo(NotFoundException.SUBJECT_NOT_FOUND);
        assertThat(unknownSubject.getMessage()).contains("meridian.nope-value", "register the schema first");
        assertThat(unknownId.errorCode()).isEqualTo(NotFoundException.SCHEMA_NOT_FOUND);
        assertThat(unknownId.getMessage()).contains("99");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
