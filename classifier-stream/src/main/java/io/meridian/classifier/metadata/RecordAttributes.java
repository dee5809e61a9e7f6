package io.meridian.classifier.metadata;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes of a record that do not come from file events: the verified checksum a mover reports for
 * the copy it made, and the last access through Meridian's read path. Each returns the candidate
 * record, or null when there is nothing to change (no such file, or older information).
 */
final class RecordAttributes {
    private RecordAttributes() {
    }

    /**
     * Records the CRC32C a successful move verified on its target instance, when that instance is
     * known and has no checksum yet (the file event of the copy may not carry it). A checksum never
     * overwrites another: a different value is the copy's own observation to make, through an event.
     */
    static FileRecord verified(FileRecord stored, MoveResult result) {
        boolean success = result.getStatus() == MoveStatus.SUCCEEDED || result.getStatus() == MoveStatus.ALREADY_PRESENT;
        if (stored == null || !success || result.getCrc32c() == null || result.getTargetSilo() == null) {
            return null;
        }
        Instance target = InstanceMerge.find(stored.getInstances(), result.getTargetSilo());
        if (target == null || target.getCrc32c() != null || target.getSize() != result.getBytes() && result.getBytes() != 0) {
            return null;
        }
        List<Instance> instances = new ArrayList<>();
        for (Instance instance : stored.getInstances()) {
            instances.add(instance == target ? Instance.newBuilder(instance).setCrc32c(result.getCrc32c()).build() : instance);
        }
        FileRecord candidate = RecordFinisher.copyOf(stored);
        candidate.setInstances(instances);
        return candidate;
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
