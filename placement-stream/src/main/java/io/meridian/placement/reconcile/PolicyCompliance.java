package io.meridian.placement.reconcile;

/**
 * How far one policy is carried out over a set of files, in the words of {@code GET /v1/compliance}
 * (the console's view from the query store): {@code matching} files are those its {@code when} holds
 * for; of the files it decides for (the matching policy with the highest priority), {@code aligned}
 * ones are where it wants them and {@code misaligned} ones are not yet (a command may be in flight:
 * unlike the console, which counts those apart, they are misaligned here).
 *
 * @param matching   files its condition holds for, whichever policy wins them
 * @param aligned    files it decides for whose present instances include every silo the plan wants,
 *                   with nothing left to do
 * @param misaligned the other files it decides for: a copy, move or removal is due or running
 */
public record PolicyCompliance(long matching, long aligned, long misaligned) {
    public static final PolicyCompliance NONE = new PolicyCompliance(0, 0, 0);

    /** This plus one file its condition holds for. */
    PolicyCompliance matched() {
        return new PolicyCompliance(matching + 1, aligned, misaligned);
    }

    /** This plus one file it decides for, aligned or not. */
    PolicyCompliance decided(boolean isAligned) {
        return new PolicyCompliance(matching, aligned + (isAligned ? 1 : 0), misaligned + (isAligned ? 0 : 1));
    }
}
