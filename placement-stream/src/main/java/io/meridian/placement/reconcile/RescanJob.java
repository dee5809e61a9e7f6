package io.meridian.placement.reconcile;

/**
 * One pending re-evaluation, kept in a store so that it survives a restart of the task: the files
 * under a path prefix ({@link Kind#FILES}, the empty prefix being every file) or the files with an
 * instance on a silo ({@link Kind#SILO}, through {@link SiloIndex}), and how far it got.
 *
 * @param kind   what {@code scope} names
 * @param scope  the path prefix, or the silo id
 * @param cursor the last key re-evaluated (a path, or an index key), null before the first
 */
public record RescanJob(Kind kind, String scope, String cursor) {

    /** What a job walks. */
    public enum Kind {
        /** The files under a path prefix, in path order. */
        FILES,
        /** The files with an instance on a silo, in the silo index's order. */
        SILO
    }

    public static RescanJob files(String prefix) {
        return new RescanJob(Kind.FILES, prefix, null);
    }

    public static RescanJob silo(String silo) {
        return new RescanJob(Kind.SILO, silo, null);
    }

    /** The job's key in the store: one job per kind and scope. */
    public String key() {
        return kind + ":" + scope;
    }

    public boolean everything() {
        return kind == Kind.FILES && scope.isEmpty();
    }

    public RescanJob at(String newCursor) {
        return new RescanJob(kind, scope, newCursor);
    }
}
