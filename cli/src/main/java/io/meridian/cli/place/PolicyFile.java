package io.meridian.cli.place;

import io.meridian.config.ConditionCheck;
import io.meridian.config.ConfigException;
import io.meridian.config.PolicyParser;
import io.meridian.config.SiloFacts;
import io.meridian.schemas.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A policy file for {@code meridian policy apply} and {@code POST /v1/policies}: parsed and checked by
 * the same {@link PolicyParser} as the {@code policies:} list of meridian.yaml (a {@code policies:}
 * list, a bare list, or one policy), with each condition type-checked by the condition language's
 * one check ({@link ConditionCheck#CEL}) and each {@code place} checked against the silos on {@code meridian.silos}
 * (the view placement itself uses), so it is refused with the message the config loader gives, e.g.
 * {@code file.yaml:3: policies[0].place.silos[0]: unknown silo 'nope' (known silos: nas)}. Errors are
 * IllegalArgumentExceptions: a bad policy file is a bad argument (exit 1, HTTP 400), not a bad
 * meridian.yaml.
 */
public final class PolicyFile {
    /** The text of a policy file and the name errors give it. */
    public record Document(String source, String text) {
    }

    private PolicyFile() {
    }

    public static Document read(Path file) {
        try {
            return new Document(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The policies of a file, checking shape and conditions only: what can be refused before connecting. */
    static List<Policy> read(Path file, Instant appliedAt) {
        return parse(read(file), appliedAt, null);
    }

    /**
     * Policies from YAML (or JSON) text.
     *
     * @param known the silos {@code place} may select (those on meridian.silos); null checks only the shape
     */
    public static List<Policy> parse(Document document, Instant appliedAt, List<SiloFacts> known) {
        try {
            return PolicyParser.parseDocument(document.source(), document.text(), ConditionCheck.CEL, known)
                    .stream().map(policy -> policy.toAvro(appliedAt)).toList();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

}
