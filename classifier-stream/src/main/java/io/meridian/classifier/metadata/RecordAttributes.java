package io.meridian.classifier.metadata;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.Precondition;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes of a record that do not come from file events: the checksum a mover reports for the copy
 * it made (on the copy and on its unchanged source), and the last access through Meridian's read
 * path. Each returns the candidate record, or null when there is nothing to change (no such file,
 * or older information).
 */
final class RecordAttributes {
    private RecordAttributes() {
    }

    /**
     * Records the CRC32C a successful move computed while streaming: on its target instance, when
     * that instance is known, has no checksum yet and has the copied size (the file event of the
     * copy may not carry it); and on its source instance, for a SUCCEEDED COPY or MOVE whose result
     * carries the command's precondition, when the source still matches that precondition (same size
     * and mtime, and etag when known). The mover checked that the source did not change before and
     * after the copy (DESIGN.md invariant 5), so the checksum of what it streamed is the source's
     * while the source is unchanged; a source that changed since (a newer event) does not get it.
     * A checksum never overwrites another: a different value is the instance's own observation to
     * make, through an event.
     */
    static FileRecord verified(FileRecord stored, MoveResult result) {
        boolean success = result.getStatus() == MoveStatus.SUCCEEDED || result.getStatus() == MoveStatus.ALREADY_PRESENT;
        if (stored == null || !success || result.getCrc32c() == null) {
            return null;
        }
        Instance target = result.getTargetSilo() == null ? null : InstanceMerge.find(stored.getInstances(), result.getTargetSilo());
        boolean learnTarget = target != null && target.getCrc32c() == null
                && (target.getSize() == result.getBytes() || result.getBytes() == 0);
        Instance source = InstanceMerge.find(stored.getInstances(), result.getSourceSilo());
        boolean learnSource = source != null && source != target && source.getCrc32c() == null && streamedFrom(source, result);
        if (!learnTarget && !learnSource) {
            return null;
        }
        List<Instance> instances = new ArrayList<>();
        for (Instance instance : stored.getInstances()) {
            boolean learn = instance == target && learnTarget || instance == source && learnSource;
            instances.add(learn ? Instance.newBuilder(instance).setCrc32c(result.getCrc32c()).build() : instance);
        }
        FileRecord candidate = RecordFinisher.copyOf(stored);
        candidate.setInstances(instances);
        return candidate;
    }

    /** Whether {@code source} is still the version a SUCCEEDED COPY or MOVE streamed, per the command's precondition. */
    private static boolean streamedFrom(Instance source, MoveResult result) {
        Precondition expected = result.getSourceExpected();
        boolean copied = result.getStatus() == MoveStatus.SUCCEEDED
                && (result.getOp() == MoveOp.COPY || result.getOp() == MoveOp.MOVE);
        if (!copied || expected == null || source.getState() != InstanceState.PRESENT) {
            return false;
        }
        // An S3 ETag is only compared when both sides know it, as the mover's own precondition check does.
        boolean etagDiffers = expected.getEtag() != null && source.getEtag() != null && !expected.getEtag().equals(source.getEtag());
        return source.getSize() == expected.getSize() && result.getBytes() == expected.getSize()
                && source.getMtime().toEpochMilli() == expected.getMtime().toEpochMilli() && !etagDiffers;
    }

    /** Moves the last access forward (never back: access events may arrive out of order). */
    static FileRecord accessed(FileRecord stored, AccessEvent access) {
        if (stored == null || stored.getInstances().isEmpty()) {
            return null;
        }
        if (stored.getLastAccess() != null && !access.getAt().isAfter(stored.getLastAccess())) {
            return null;
        }
        FileRecord candidate = RecordFinisher.copyOf(stored);
        candidate.setLastAccess(access.getAt());
        return candidate;
    }
}
