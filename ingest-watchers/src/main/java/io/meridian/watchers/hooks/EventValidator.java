package io.meridian.watchers.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.config.SiloConfig;
import io.meridian.events.FileEventRules;
import io.meridian.schemas.FileEvent;
import io.meridian.watchers.publish.SequenceClock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validates FileEvents from storage hooks at the edge (DESIGN.md invariant 7), shared by
 * {@code meridian publish}, {@code POST /v1/events} and {@link EventPublisher}: the JSON form is
 * read strictly ({@link EventJson}), then the event must obey {@link FileEventRules}, the rules the S3
 * watcher and the classifier apply too (a known silo, a valid path under its mount, bounded values and
 * strings, a well-formed sequencer not from the future). An event without a sequencer gets one from its
 * observation time and this validator's counter. Never throws on input it checks: a refusal is a
 * {@link Checked} with a reason naming the field. Thread-safe.
 */
public final class EventValidator {
    /** One checked input: the event, or the reason it was refused. */
    public record Checked(FileEvent event, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final FileEventRules rules;
    private final SequenceClock clock;

    /** A validator for the silos in {@code mounts} (silo id to mount), on {@code clock}'s time. */
    public EventValidator(Map<String, String> mounts, SequenceClock clock) {
        this.rules = FileEventRules.of(mounts, clock::now);
        this.clock = clock;
    }

    /** A validator for configured silos. */
    public static EventValidator of(Collection<SiloConfig> silos, SequenceClock clock) {
        return new EventValidator(silos.stream().collect(Collectors.toMap(SiloConfig::id, SiloConfig::mount)), clock);
    }

    /** Checks one JSON text (a line of {@code meridian publish}): one object and nothing after it. */
    public Checked checkJson(String text) {
        try {
            return checkNode(EventJson.parse(text));
        } catch (IllegalArgumentException e) {
            return new Checked(null, e.getMessage());
        }
    }

    /** Checks one parsed JSON item (an element of a {@code POST /v1/events} array). */
    public Checked checkNode(JsonNode node) {
        try {
            return new Checked(check(EventJson.read(node, clock.now(), this::sequencer)), null);
        } catch (IllegalArgumentException e) {
            return new Checked(null, e.getMessage());
        }
    }

    /** Checks an event built in code; returns it, or throws IllegalArgumentException with the reason. */
    public FileEvent check(FileEvent event) {
        return rules.check(event);
    }

    private String sequencer(Instant observedAt) {
        // Checked first: a sequencer made from an out-of-range time would be refused for the wrong reason.
        return clock.next(rules.observedAt(observedAt));
    }
}
