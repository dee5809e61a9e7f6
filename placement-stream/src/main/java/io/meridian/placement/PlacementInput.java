package io.meridian.placement;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.PlacementControl;

/**
 * What the reconciling processor reads, all keyed by logical path: a file's record, a mover's result,
 * or an operator's instruction about the file.
 */
public sealed interface PlacementInput {
    /** A new FileRecord; {@code record} is null for a tombstone (no instance left). */
    record FileChange(FileRecord record) implements PlacementInput {
    }

    record Result(MoveResult result) implements PlacementInput {
    }

    record Control(PlacementControl control) implements PlacementInput {
    }
}
