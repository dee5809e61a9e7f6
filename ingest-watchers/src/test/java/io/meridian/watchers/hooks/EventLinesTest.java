package io.meridian.watchers.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileEvent;
import io.meridian.watchers.publish.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The line loop of {@code meridian publish}: a bad line is reported with its number and the rest go on. */
class EventLinesTest {
    private final RecordingSink sink = new RecordingSink();
    private final StringWriter err = new StringWriter();

    private EventLines.Summary run(byte[] input) throws Exception {
        return EventLines.publish(new ByteArrayInputStream(input), HostileInputPropertyTest.validator(), sink, new PrintWriter(err, true));
    }

    private static String good(String name) {
        return "{\"silo\":\"nas\",\"path\":\"/datasets/" + name + "\",\"size\":1,\"mtime\":0}";
    }

    @Test
    void shouldGoOnAfterABadLineInTheMiddleAndCountBoth() throws Exception {
        String lines = String.join("\n", good("a"), "{\"silo\":\"nas\",\"path\":\"/datasets/b\",\"mtime\":\"+999999999-12-31T23:59:59Z\"}",
                "# comment", "", good("c"), "{\"silo\":\"nas\",\"path\":\"/etc/passwd\",\"mtime\":0}", good("d") + " trailing", good("e"));

        EventLines.Summary summary = run(lines.getBytes(StandardCharsets.UTF_8));

        assertThat(summary).isEqualTo(new EventLines.Summary(3, 3));
        assertThat(summary).hasToString("published 3 events, 3 lines refused");
        assertThat(sink.events()).extracting(FileEvent::getPath).containsExactly("/datasets/a", "/datasets/c", "/datasets/e");
        assertThat(err.toString().lines()).containsExactly(
                "line 2: 'mtime' +999999999-12-31T23:59:59Z is out of range 1970-01-01T00:00:00Z..9999-12-31T23:59:59.999Z",
                "line 6: 'path' '/etc/passwd' is outside the silo's mount '/datasets'",
                "line 7: not JSON: data after the JSON value (one value per line or body)");
        assertThat(sink.flushes()).isEqualTo(1);
    }

    @Test
    void shouldRefuseInvalidUtf8AndOverlongLinesWithoutStopping() throws Exception {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes((good("a") + "\r\n").getBytes(StandardCharsets.UTF_8));
        input.writeBytes("{\"silo\":\"nas\",\"path\":\"/datasets/\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        input.writeBytes("\",\"mtime\":0}\n".getBytes(StandardCharsets.UTF_8));
        input.writeBytes(("{\"message\":\"" + "x".repeat(EventLines.MAX_LINE_BYTES) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        input.writeBytes(good("z").getBytes(StandardCharsets.UTF_8));

        EventLines.Summary summary = run(input.toByteArray());

        assertThat(summary).isEqualTo(new EventLines.Summary(2, 2));
        assertThat(err.toString().lines()).containsExactly("line 2: not valid UTF-8", "line 3: line longer than 1048576 bytes");
        assertThat(sink.events()).extracting(FileEvent::getPath).containsExactly("/datasets/a", "/datasets/z");
    }
}
