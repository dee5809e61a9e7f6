package io.meridian.watchers.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.watchers.publish.SequenceClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private final EventValidator validator = new EventValidator(Map.of("nas", "/d", "lustre", "/scratch"),
            new SequenceClock(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void shouldAcceptACompleteLineAndFillInTheSequencer() {
        EventValidator.Checked checked = validator.checkJson("{\"silo\":\"lustre\",\"path\":\"/scratch/a b.h5\",\"size\":42,"
                + "\"mtime\":\"2026-01-31T12:00:00Z\",\"mode\":\"0644\",\"owner\":\"alice\",\"fileKey\":\"[0x200000401:0x1:0x0]\"}");

        assertThat(checked.error()).isNull();
        FileEvent event = checked.event();
        assertThat(event.getType()).isEqualTo(FileEventType.UPSERT);
        assertThat(event.getMode()).isEqualTo(0644);
        assertThat(event.getMtime()).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(event.getSource()).isEqualTo(EventSource.HOOK);
        Sequencer.validate(event.getSequencer());
    }

    @Test
    void shouldAcceptADeleteWithoutMtimeAndKeepAGivenSequencer() {
        EventValidator.Checked checked = validator.checkJson(
                "{\"silo\":\"nas\",\"path\":\"/d/x\",\"type\":\"delete\",\"sequencer\":\"1769860800000000-7\"}");

        assertThat(checked.ok()).isTrue();
        assertThat(checked.event().getSequencer()).isEqualTo("1769860800000000-7");
    }

    @Test
    void shouldRefuseBadInputWithAReasonNamingTheProblem() {
        assertThat(validator.checkJson("{\"silo\":\"tape\",\"path\":\"/a\",\"mtime\":0}").error()).contains("unknown silo 'tape'").contains("lustre, nas");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/../etc/passwd\",\"mtime\":0}").error()).contains("'..'");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"relative\",\"mtime\":0}").error()).contains("absolute");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\"}").error()).contains("missing 'mtime'");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"sequencer\":\"soon\"}").error()).contains("sequencer");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"sise\":3}").error()).contains("unknown field 'sise'");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"size\":-1}").error()).contains("'size' -1 is out of range");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/b\",\"type\":\"RENAME\",\"mtime\":0}").error()).contains("previousPath");
        assertThat(validator.checkJson("{\"silo\":\"nas\",").error()).startsWith("not JSON");
        assertThat(validator.checkJson("[1]").error()).contains("JSON object");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":\"+999999999-12-31T23:59:59Z\"}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":-99999999999999999}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"size\":9223372036854775807}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"sequencer\":\"99999999999999999-1\"}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"sequencer\":\"1769860800000000-\"}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"sequencer\":\"-0-0\"}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"sequencer\":\"1769860800000000-a b\"}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"sequencer\":\"7258118400000000-1\"}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0} trailing",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"mode\":4294967716}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"crc32c\":-1}",
            "{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"mtime\":1}"})
    void shouldRefuseOutOfRangeValuesWithoutThrowing(String line) {
        String error = validator.checkJson(line).error();
        assertThat(error).isNotBlank();
        String field = line.contains("sequencer") ? "sequencer" : line.contains("size") ? "size" : line.contains("mode") ? "mode"
                : line.contains("crc32c") ? "crc32c" : line.endsWith("trailing") ? "data after the JSON value" : "mtime";
        assertThat(error).contains(field);
    }

    @Test
    void shouldRefusePathsOutsideTheSilosMountAlsoAsRenameSource() {
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/etc/passwd\",\"mtime\":0}").error())
                .isEqualTo("'path' '/etc/passwd' is outside the silo's mount '/d'");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/p\",\"type\":\"RENAME\",\"previousPath\":\"/etc/passwd\",\"mtime\":0}")
                .error()).startsWith("'previousPath' '/etc/passwd' is outside");
    }

    @Test
    void shouldRefuseAnObservationTimeFromTheFutureBeforeMakingASequencerOfIt() {
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"observedAt\":\"+999999999-12-31T23:59:59Z\"}").error())
                .startsWith("'observedAt' ");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"observedAt\":-9223372036854775808}").error())
                .startsWith("'observedAt' ");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"type\":\"DELETE\",\"observedAt\":\"2200-01-01T00:00:00Z\"}").error())
                .startsWith("'observedAt' ");
    }

    @Test
    void shouldRefuseWrongTypesAndHugeNumbersNamingTheField() {
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"size\":\"12\"}").error()).isEqualTo("'size' must be an integer");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"size\":1e400}").error()).isEqualTo("'size' must be an integer");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"size\":99999999999999999999}").error())
                .startsWith("'size' is out of range");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":true}").error()).startsWith("'mtime' must be");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":7,\"mtime\":0}").error()).isEqualTo("'path' must be a string");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"mode\":\"0999\"}").error()).startsWith("'mode' must be");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"mtime\":1}").error()).contains("Duplicate field 'mtime'");
        assertThat(validator.checkJson("").error()).isEqualTo("expected a JSON object");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0}{}").error())
                .isEqualTo("not JSON: data after the JSON value (one value per line or body)");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0}   ").ok()).isTrue();
    }

    @Test
    void shouldRefuseALongOwnerBeforeSerialization() {
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/d/a\",\"mtime\":0,\"owner\":\"" + "x".repeat(5_000_000) + "\"}").error())
                .isEqualTo("'owner' is 5000000 characters long; at most 256 are allowed");
    }
}
