package io.meridian.watchers.hooks;

import io.meridian.watchers.publish.EventSink;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The line loop of {@code meridian publish}: one JSON FileEvent per line, each checked on its own by
 * {@link EventValidator}. A good line is published; a bad one is reported as {@code line N: reason}
 * and the loop goes on with the next line, so one hostile line never stops the rest. Blank lines and
 * lines starting with {@code #} are skipped. A line that is not valid UTF-8 or is longer than
 * {@link #MAX_LINE_BYTES} is refused (the rest of an overlong line is skipped, not buffered).
 * Returns once the input ends and the sink acknowledged everything; sink failures propagate.
 */
public final class EventLines {
    /** Longest line, in bytes: the largest {@code POST /v1/events} body. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** What a run did: lines published and lines refused. */
    public record Summary(long published, long refused) {
        /** {@code published N events} and, when some were refused, {@code , M lines refused}. */
        @Override
        public String toString() {
            return "published " + published + " events" + (refused == 0 ? "" : ", " + refused + " lines refused");
        }
    }

    private EventLines() {
    }

    /** Reads {@code in} to its end, publishing good lines to {@code sink} and reporting bad ones on {@code err}. */
    public static Summary publish(InputStream in, EventValidator validator, EventSink sink, PrintWriter err) throws IOException {
        LineReader lines = new LineReader(in);
        long published = 0;
        long refused = 0;
        for (long number = 1; lines.next(); number++) {
            EventValidator.Checked checked = check(lines, validator);
            if (checked == null) {
                continue;
            }
            if (checked.ok()) {
                sink.publish(checked.event());
                published++;
            } else {
                refused++;
                err.println("line " + number + ": " + checked.error());
            }
        }
        sink.flush();
        return new Summary(published, refused);
    }

    /** The check of the current line, or null when it is blank or a comment. */
    private static EventValidator.Checked check(LineReader lines, EventValidator validator) {
        if (lines.overlong()) {
            return new EventValidator.Checked(null, "line longer than " + MAX_LINE_BYTES + " bytes");
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(lines.bytes())).toString();
        } catch (CharacterCodingException e) {
            return new EventValidator.Checked(null, "not valid UTF-8");
        }
        if (line.isBlank() || line.stripLeading().startsWith("#")) {
            return null;
        }
        return validator.checkJson(line);
    }

    /** Lines of bytes split at '\n' (a '\r' before it is dropped), each kept up to {@link #MAX_LINE_BYTES}. */
    private static final class LineReader {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean overlong;

        LineReader(InputStream in) {
            this.in = new BufferedInputStream(in);
        }

        /** Reads the next line; false at the end of the input. */
        boolean next() throws IOException {
            line.reset();
            overlong = false;
            int b = in.read();
            if (b < 0) {
                return false;
            }
            for (; b >= 0 && b != '\n'; b = in.read()) {
                if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    overlong = true;
                }
            }
            return true;
        }

        boolean overlong() {
            return overlong;
        }

        byte[] bytes() {
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }
}
