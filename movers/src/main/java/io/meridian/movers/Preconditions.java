package io.meridian.movers;

import io.meridian.schemas.Precondition;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.SiloStore;
import java.io.IOException;

/** The source checks of invariant 5: it matches the command before the copy and is unchanged after it. */
final class Preconditions {
    private Preconditions() {
    }

    /**
     * Stats the source and checks it against the command's expectations (size, mtime, ETag when given).
     * When both know the ETag and it is the same, an S3 source is the planned version whatever mtime the
     * plan saw: a view built from a listing may hold the upload's Last-Modified where stat reads the
     * preserved {@code meridian-mtime}; the ETag changes with every write of the object.
     */
    static ObjectStat check(SiloStore source, String key, Precondition expected) throws IOException, MoveFailure {
        ObjectStat stat = source.stat(key).orElseThrow(() -> new MoveFailure(MoveFailure.SOURCE_MISSING,
                "source " + key + " does not exist in silo " + source.siloId()));
        if (expected == null) {
            return stat;
        }
        boolean etagDiffers = expected.getEtag() != null && stat.etag() != null && !expected.getEtag().equals(stat.etag());
        boolean sameObject = expected.getEtag() != null && expected.getEtag().equals(stat.etag());
        boolean mtimeDiffers = stat.mtimeMillis() != expected.getMtime().toEpochMilli() && !sameObject;
        if (stat.size() != expected.getSize() || mtimeDiffers || etagDiffers) {
            throw new MoveFailure(MoveFailure.SOURCE_CHANGED, String.format(
                    "source %s in silo %s is not the planned version: size %d (expected %d), mtime %d (expected %d)%s",
                    key, source.siloId(), stat.size(), expected.getSize(), stat.mtimeMillis(),
                    expected.getMtime().toEpochMilli(), etagDiffers ? ", etag differs" : ""));
        }
        return stat;
    }

    /** Fails with SOURCE_CHANGED unless the source still has the version seen before the copy. */
    static void stillSame(SiloStore source, String key, ObjectStat before) throws IOException, MoveFailure {
        ObjectStat after = source.stat(key).orElse(null);
        if (after == null || !CopyEngine.sameVersion(before, after)) {
            throw new MoveFailure(MoveFailure.SOURCE_CHANGED, "source " + key + " in silo " + source.siloId()
                    + " changed while it was copied; the copy was discarded");
        }
    }
}
