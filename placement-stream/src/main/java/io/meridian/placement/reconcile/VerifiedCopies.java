package io.meridian.placement.reconcile;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import java.util.Map;
import java.util.Objects;

/**
 * Invariant 1, checked before placement ever plans a removal: an instance may be deleted only when
 * another instance of the same file is present on an active silo and verified against it (same
 * size, both CRC32C known and equal). A MOVE may be planned only when the source's CRC32C is known,
 * so the mover can verify the target before it deletes the source.
 */
public final class VerifiedCopies {
    private VerifiedCopies() {
    }

    /** True when an instance other than the one on {@code silo} is present, active and verified equal. */
    public static boolean anotherVerified(FileRecord record, String silo, Map<String, Silo> silos) {
        Instance victim = instanceOn(record, silo);
        if (victim == null || victim.getCrc32c() == null) {
            return false;
        }
        for (Instance other : record.getInstances()) {
            Silo otherSilo = silos.get(other.getSilo());
            if (!other.getSilo().equals(silo) && other.getState() == InstanceState.PRESENT
                    && otherSilo != null && otherSilo.getState() == SiloState.ACTIVE
                    && other.getSize() == victim.getSize() && Objects.equals(other.getCrc32c(), victim.getCrc32c())) {
                return true;
            }
        }
        return false;
    }

    /** True when a MOVE from {@code source} can be verified by the mover (source CRC32C known). */
    public static boolean movable(FileRecord record, String source) {
        Instance instance = instanceOn(record, source);
        return instance != null && instance.getState() == InstanceState.PRESENT && instance.getCrc32c() != null;
    }

    public static Instance instanceOn(FileRecord record, String silo) {
        for (Instance instance : record.getInstances()) {
            if (instance.getSilo().equals(silo)) {
                return instance;
            }
        }
        return null;
    }
}
