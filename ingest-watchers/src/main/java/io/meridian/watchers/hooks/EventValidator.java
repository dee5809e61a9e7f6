package io.meridian.watchers.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.events.Sequencer;
import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.watchers.publish.SequenceClock;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates FileEvents from storage hooks at the edge (DESIGN.md invariant 7), shared by
 * {@code meridian publish}, {@code POST /v1/events} and {@link EventPublisher}: a valid logical path
 * (and previous path for RENAME), a configured silo, a well-formed sequencer, no negative size, the
 * fields each type needs. An event without a sequencer gets one from its observation time and this
 * validator's counter. Thread-safe.
 */
public final class EventValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One checked input: the event, or the reason it was refused. */
    public record Checked(FileEvent event, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final Set<String> silos;
    private final SequenceClock clock;

    public EventValidator(Collection<String> silos, SequenceClock clock) {
        this.silos = Set.copyOf(silos);
        this.clock = clock;
    }

    /** Checks one JSON text (a line of {@code meridian publish}). */
    public Checked checkJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            return new Checked(null, "not JSON: " + firstLine(e.getMessage()));
        }
        return checkNode(node);
    }

    /** Checks one parsed JSON item (an element of a {@code POST /v1/events} array). */
    public Checked checkNode(JsonNode node) {
        try {
            return new Checked(check(EventJson.read(node, clock.now(), clock::next)), null);
        } catch (IllegalArgumentException e) {
            return new Checked(null, e.getMessage());
        }
    }

    /** Checks an event built in code; returns it, or throws IllegalArgumentException with the reason. */
    public FileEvent check(FileEvent event) {
        LogicalPath.file(event.getPath());
        if (!silos.contains(event.getSilo())) {
            throw new IllegalArgumentException("unknown silo '" + event.getSilo() + "'; configured: " + String.join(", ", new TreeSet<>(silos)));
        }
        Sequencer.validate(event.getSequencer());
        if (event.getSize() < 0) {
            throw new IllegalArgumentException("'size' must not be negative");
        }
        if (event.getType() == FileEventType.RENAME) {
            if (event.getPreviousPath() == null) {
                throw new IllegalArgumentException("a RENAME needs 'previousPath'");
            }
            LogicalPath.file(event.getPreviousPath());
        }
        return event;
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
