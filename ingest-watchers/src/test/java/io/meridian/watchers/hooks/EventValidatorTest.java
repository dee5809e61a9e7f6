package io.meridian.watchers.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.watchers.publish.SequenceClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private final EventValidator validator = new EventValidator(List.of("nas", "lustre"), SequenceClock.system());

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
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/a/../etc/passwd\",\"mtime\":0}").error()).contains("'..'");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"relative\",\"mtime\":0}").error()).contains("absolute");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/a\"}").error()).contains("missing 'mtime'");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/a\",\"mtime\":0,\"sequencer\":\"soon\"}").error()).contains("sequencer");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/a\",\"mtime\":0,\"sise\":3}").error()).contains("unknown field 'sise'");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/a\",\"mtime\":0,\"size\":-1}").error()).contains("negative");
        assertThat(validator.checkJson("{\"silo\":\"nas\",\"path\":\"/b\",\"type\":\"RENAME\",\"mtime\":0}").error()).contains("previousPath");
        assertThat(validator.checkJson("{\"silo\":\"nas\",").error()).startsWith("not JSON");
        assertThat(validator.checkJson("[1]").error()).contains("JSON object");
    }
}
