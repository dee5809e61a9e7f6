package io.meridian.classifier.metadata;

import io.meridian.events.Sequencer;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
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
 * <p>Contract: {@link #apply} returns false, and changes nothing, for an event that is not strictly
 * newer than what is stored for its instance (a stale or duplicate event).
 */
public final class InstanceMerge {
    private InstanceMerge() {
    }

    /**
     * Applies {@code event} to {@code instances} (sorted by silo) and {@code deletes} (silo to the
     * sequencer of its last delete), both modified in place.
     *
     * @return whether the event was newer than the stored state of its instance and was applied
     */
    public static boolean apply(List<Instance> instances, Map<String, String> deletes, FileEvent event) {
        String silo = event.getSilo();
        Instance current = find(instances, silo);
        String stored = newest(current == null ? null : current.getSequencer(), deletes.get(silo));
        if (!Sequencer.isNewer(event.getSequencer(), stored)) {
            return false;
        }
        instances.removeIf(i -> i.getSilo().equals(silo));
        switch (event.getType()) {
            case DELETE -> deletes.put(silo, event.getSequencer());
            case UNREADABLE -> put(instances, deletes, withKnownChecksum(instance(event, InstanceState.STALE), current));
            default -> put(instances, deletes, withKnownChecksum(instance(event, InstanceState.PRESENT), current));
        }
        return true;
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
     * Keeps the CRC32C a previous event knew (a mover computes it; a watcher does not) when the newer
     * observation reports the same size and mtime without one: the content has not changed, and a
     * watcher's re-scan must not erase what made the copy verified.
     */
    private static Instance withKnownChecksum(Instance next, Instance previous) {
        if (next.getCrc32c() != null || previous == null || previous.getCrc32c() == null) {
            return next;
        }
        boolean same = previous.getSize() == next.getSize() && previous.getMtime().equals(next.getMtime());
        return same ? Instance.newBuilder(next).setCrc32c(previous.getCrc32c()).build() : next;
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
