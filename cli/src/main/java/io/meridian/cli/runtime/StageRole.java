package io.meridian.cli.runtime;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of Meridian a process can run, each also a subcommand of its own: {@code up} runs all of
 * them, {@code up --stages classify,place} a subset, and every part may run in several processes at
 * once against one Kafka cluster (docs/SCALING.md).
 */
public enum StageRole {
    /** One watcher per silo, under the silo's watch lease ({@code meridian watch}). */
    WATCH("watchers of every silo, one live watcher per silo across processes"),
    /** The classifier: the metadata table, tags, rules, silo usage ({@code meridian classify}). */
    CLASSIFY("the global metadata table, tags, classification rules, silo usage"),
    /** Placement: objectives, staging, watermarks, drains ({@code meridian place}). */
    PLACE("objectives, GPU staging, watermarks and drains: move commands"),
    /** A pool of movers ({@code meridian move}). */
    MOVE("movers: copy, verify and commit files"),
    /** The HTTP API: SQL, the read path, hooks, tags, policies, staging ({@code meridian serve}). */
    SERVE("the HTTP API: SQL, reads, storage hooks, tags, policies, staging requests");

    private final String description;

    StageRole(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The lower-case name used on the command line, e.g. "classify". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a comma-separated list such as {@code classify,place}; throws IllegalArgumentException
     * naming the unknown part and the valid ones.
     */
    public static Set<StageRole> parse(String list) {
        Set<StageRole> roles = EnumSet.noneOf(StageRole.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                roles.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown stage '" + name + "'; the stages are " + String.join(", ", labels()));
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no stage named; the stages are " + String.join(", ", labels()));
        }
        return roles;
    }

    public static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (StageRole role : values()) {
            labels.add(role.label());
        }
        return labels;
    }
}
