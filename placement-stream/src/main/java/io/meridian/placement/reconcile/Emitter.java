package io.meridian.placement.reconcile;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Silo;

/** Where a task's decisions go: the processor forwards each to its topic (staging progress goes its own way). */
public interface Emitter {
    void command(MoveCommand command);

    void notice(PlacementNotice notice);

    /** A silo with a changed state (a drained silo becoming RETIRED). */
    void silo(Silo silo);
}
