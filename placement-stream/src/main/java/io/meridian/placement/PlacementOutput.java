package io.meridian.placement;

import io.meridian.placement.staging.StagingProgress;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Silo;

/** What the reconciling processor forwards; the topology routes each kind to its topic. */
public sealed interface PlacementOutput {
    record Command(MoveCommand command) implements PlacementOutput {
    }

    record Notice(PlacementNotice notice) implements PlacementOutput {
    }

    /** Keyed by request id once re-keyed; summed by the staging status processor. */
    record Progress(StagingProgress progress) implements PlacementOutput {
    }

    /** Keyed by silo id. */
    record SiloChange(Silo silo) implements PlacementOutput {
    }

    /** A record refused at the edge; forwarded with dead-letter headers. */
    record Refused(FileRecord record) implements PlacementOutput {
    }
}
