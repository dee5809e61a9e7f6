package io.meridian.placement.reconcile;

/**
 * One pending re-evaluation, kept in a store so that it survives a restart of the task: the files
 * under a path prefix ({@code FILES}, the empty prefix being every file) or the files with an
 * instance on a silo ({@code SILO}, through {@link SiloIndex}), and how far it got.
 *
 * @param kind   {@link #FILES} or {@link #SILO}
 * @param scope  the path prefix, or the silo id
 * @param cursor the last key re-evaluated (a path, or an index key), null before the first
 */
public record RescanJob(String kind, String scope, String cursor) {
    public static final String FILES = "FILES";
    public static final String SILO = "SILO";

    public static RescanJob files(String prefix) {
        return new RescanJob(FILES, prefix, null);
    }

    public static RescanJob silo(String silo) {
        return new RescanJob(SILO, silo, null);
    }

    /** The job's key in the store: one job per kind and scope. */
    public String key() {
        return kind + ":" + scope;
    }

    public boolean everything() {
        return FILES.equals(kind) && scope.isEmpty();
    }

    public RescanJob at(String newCursor) {
        return new RescanJob(kind, scope, newCursor);
    }
}
