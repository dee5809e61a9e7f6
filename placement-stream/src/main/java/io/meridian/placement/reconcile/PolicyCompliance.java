package io.meridian.placement.reconcile;

/**
 * How far one policy is carried out over a set of files.
 *
 * @param matching   files the policy wins (it matches, and no matching policy has a higher priority)
 * @param aligned    of those, files whose present instances include every silo the plan wants and
 *                   with nothing left to do
 * @param misaligned the other matching files: a copy, move or removal is still due (or running)
 */
public record PolicyCompliance(long matching, long aligned, long misaligned) {
    public static final PolicyCompliance NONE = new PolicyCompliance(0, 0, 0);

    /** This plus one file, aligned or not. */
    public PolicyCompliance plus(boolean isAligned) {
        return new PolicyCompliance(matching + 1, aligned + (isAligned ? 1 : 0), misaligned + (isAligned ? 0 : 1));
    }
}
