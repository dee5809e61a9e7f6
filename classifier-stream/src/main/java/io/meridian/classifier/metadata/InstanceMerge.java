package io.meridian.classifier.metadata;

import io.meridian.events.SameContent;
import io.meridian.events.Sequencer;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies one file event to the instances of one file: a last-writer-wins register per instance
 * (path, silo), ordered by the event's sequencer (DESIGN.md invariant 4). The newest event of an
 * instance decides its state whatever the arrival order: UPSERT and RENAME make it present with the
 * event's attributes, UNREADABLE makes it stale with them, DELETE removes it and remembers the
 * delete's sequencer so that an older upsert arriving later cannot bring it back.
 *
 * <p>Attributes Meridian verified survive observations of the same content (DESIGN.md invariant 10).
 * Two observations of an instance are of the same content ({@link #sameContent}) when they have the
 * same size and the same ETag, or, when either has no ETag (POSIX, hooks), the same mtime. A newer
 * observation of the same content that knows no CRC32C (an S3 listing or notification, a POSIX scan)
 * keeps the stored CRC32C and the mtime that came with it (a mover's source mtime, not the upload's
 * Last-Modified); one of other content clears it. An older observation of the same content that
 * knows the CRC32C the stored one lacks (a mover's event that arrived after the listing of its copy)
 * adds its CRC32C and mtime and nothing else.
 *
 * <p>Contract: {@link #apply} returns false, and changes nothing, for an event that is not strictly
 * newer than what is stored for its instance (a stale or duplicate event), unless it adds a verified
 * CRC32C to the same content as above.
 */
public final class InstanceMerge {
    private InstanceMerge() {
    }

    /**
     * Applies {@code event} to {@code instances} (sorted by silo) and {@code deletes} (silo to the
     * sequencer of its last delete), both modified in place.
     *
     * @return whether the instances changed: the event was newer than the stored state of its instance
     *         and was applied, or it was older but added a verified CRC32C to the same content
     */
    public static boolean apply(List<Instance> instances, Map<String, String> deletes, FileEvent event) {
        String silo = event.getSilo();
        Instance current = find(instances, silo);
        String stored = newest(current == null ? null : current.getSequencer(), deletes.get(silo));
        if (!Sequencer.isNewer(event.getSequencer(), stored)) {
            return addsVerified(instances, current, event);
        }
        instances.removeIf(i -> i.getSilo().equals(silo));
        switch (event.getType()) {
            case DELETE -> deletes.put(silo, event.getSequencer());
            case UNREADABLE -> put(instances, deletes, withVerified(instance(event, InstanceState.STALE), current));
            default -> put(instances, deletes, withVerified(instance(event, InstanceState.PRESENT), current));
        }
        return true;
    }

    /**
     * Whether {@code event} and {@code instance} observed the same content: same size, and the same
     * ETag when both know one, else the same mtime. False when either is null.
     */
    public static boolean sameContent(Instance instance, FileEvent event) {
        return instance != null && event != null && event.getType() != FileEventType.DELETE
                && same(instance.getSize(), instance.getEtag(), instance.getMtime(), event.getSize(), event.getEtag(), event.getMtime());
    }

    /** The stored sequencer of an instance, whether it exists or was deleted (null: never seen). */
    public static String storedSequencer(List<Instance> instances, Map<String, String> deletes, String silo) {
        Instance current = find(instances, silo);
        return newest(current == null ? null : current.getSequencer(), deletes.get(silo));
    }

    /** True when two present instances disagree on size, or on a checksum both of them know. */
    public static boolean divergent(List<Instance> instances) {
        List<Instance> present = instances.stream().filter(i -> i.getState() == InstanceState.PRESENT).toList();
        for (int a = 0; a < present.size(); a++) {
            for (int b = a + 1; b < present.size(); b++) {
                if (differ(present.get(a), present.get(b))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The instance of {@code silo}, or null. */
    public static Instance find(List<Instance> instances, String silo) {
        for (Instance instance : instances) {
            if (instance.getSilo().equals(silo)) {
                return instance;
            }
        }
        return null;
    }

    private static boolean differ(Instance a, Instance b) {
        if (a.getSize() != b.getSize()) {
            return true;
        }
        if (a.getCrc32c() != null && b.getCrc32c() != null) {
            return !a.getCrc32c().equals(b.getCrc32c());
        }
        // An ETag is only comparable between two copies in stores that compute it the same way;
        // it is a hint, used only when no checksum decides.
        return a.getEtag() != null && b.getEtag() != null && !Objects.equals(a.getEtag(), b.getEtag());
    }

    /**
     * Keeps the CRC32C a previous event knew (a mover computes it; a watcher does not), with the mtime
     * it came with, when the newer observation is of the same content and knows no CRC32C: a
     * watcher's re-scan or listing must not erase what made the copy verified.
     */
    private static Instance withVerified(Instance next, Instance previous) {
        if (next.getCrc32c() != null || previous == null || previous.getCrc32c() == null || !sameContent(previous, next)) {
            return next;
        }
        return Instance.newBuilder(next).setCrc32c(previous.getCrc32c()).setMtime(previous.getMtime()).build();
    }

    /** A stale event of the stored content that knows its CRC32C adds it (and its mtime) to the stored instance. */
    private static boolean addsVerified(List<Instance> instances, Instance current, FileEvent event) {
        if (event.getCrc32c() == null || current == null || current.getCrc32c() != null
                || current.getState() != InstanceState.PRESENT || event.getType() == FileEventType.UNREADABLE
                || !sameContent(current, event)) {
            return false;
        }
        instances.replaceAll(i -> i == current
                ? Instance.newBuilder(current).setCrc32c(event.getCrc32c()).setMtime(event.getMtime()).build() : i);
        return true;
    }

    private static boolean sameContent(Instance previous, Instance next) {
        return same(previous.getSize(), previous.getEtag(), previous.getMtime(), next.getSize(), next.getEtag(), next.getMtime());
    }

    private static boolean same(long size, String etag, Instant mtime, long otherSize, String otherEtag, Instant otherMtime) {
        return SameContent.same(size, etag, mtime.toEpochMilli(), otherSize, otherEtag, otherMtime.toEpochMilli());
    }

    private static void put(List<Instance> instances, Map<String, String> deletes, Instance instance) {
        deletes.remove(instance.getSilo());
        instances.add(instance);
        instances.sort(Comparator.comparing(Instance::getSilo));
    }

    private static Instance instance(FileEvent event, InstanceState state) {
        return Instance.newBuilder()
                .setSilo(event.getSilo())
                .setSize(event.getSize())
                .setMtime(event.getMtime())
                .setEtag(event.getEtag())
                .setVersionId(event.getVersionId())
                .setCrc32c(event.getCrc32c())
                .setState(state)
                .setSequencer(event.getSequencer())
                .setUpdatedAt(event.getObservedAt())
                .build();
    }

    private static String newest(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || Sequencer.compare(a, b) >= 0 ? a : b;
    }

    /** A mutable copy of a record's instances, for {@link #apply}. */
    public static List<Instance> copy(List<Instance> instances) {
        return new ArrayList<>(instances);
    }
}
