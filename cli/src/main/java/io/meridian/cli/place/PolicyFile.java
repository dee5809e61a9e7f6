package io.meridian.cli.place;

import io.meridian.config.ConfigException;
import io.meridian.config.PolicyParser;
import io.meridian.placement.policy.PolicyValidator;
import io.meridian.schemas.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A policy file for {@code meridian policy apply} and {@code POST /v1/policies}: parsed by the same
 * {@link PolicyParser} as the {@code policies:} list of meridian.yaml (a {@code policies:} list, a
 * bare list, or one policy), with each condition type-checked by placement's
 * {@link PolicyValidator}. Every error names the source, line and field, e.g.
 * {@code file.yaml:3: policies[1].when: ...}; it is an IllegalArgumentException, since a bad policy
 * file is a bad argument, not a bad meridian.yaml.
 */
final class PolicyFile {
    private PolicyFile() {
    }

    static List<Policy> read(Path file, Instant appliedAt) {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text, appliedAt);
    }

    /** Policies from YAML (or JSON) text; {@code source} names it in errors. */
    static List<Policy> parse(String source, String text, Instant appliedAt) {
        try {
            return PolicyParser.parseDocument(source, text, PolicyValidator::conditionProblem).stream()
                    .map(policy -> policy.toAvro(appliedAt)).toList();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
