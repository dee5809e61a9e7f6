package io.meridian.placement.reconcile;

import io.meridian.placement.staging.StagingProgress;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Silo;

/** Where a task's decisions go: the processor forwards each to its topic. */
public interface Emitter {
    void command(MoveCommand command);

    void notice(PlacementNotice notice);

    void progress(StagingProgress progress);

    /** A silo with a changed state (a drained silo becoming RETIRED). */
    void silo(Silo silo);
}
