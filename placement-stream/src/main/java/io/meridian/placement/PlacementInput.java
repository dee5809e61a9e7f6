package io.meridian.placement;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveResult;

/** What the reconciling processor reads, both keyed by logical path: a file's record or a mover's result. */
public sealed interface PlacementInput {
    /** A new FileRecord; {@code record} is null for a tombstone (no instance left). */
    record FileChange(FileRecord record) implements PlacementInput {
    }

    record Result(MoveResult result) implements PlacementInput {
    }
}
