package io.meridian.placement.tracking;

import java.util.List;

/**
 * The open commands of one file (value of the {@code placement-inflight} store, keyed by path).
 * Placement keeps at most one open command per file, so a list of length one is the norm; the list
 * exists so that a changed rule never needs a new store format.
 */
public record InFlight(List<TrackedCommand> commands) {
    public InFlight {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    public static InFlight of(TrackedCommand command) {
        return new InFlight(List.of(command));
    }
}
