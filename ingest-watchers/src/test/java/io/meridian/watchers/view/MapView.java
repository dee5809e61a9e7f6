package io.meridian.watchers.view;

import io.meridian.events.Sequencer;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A {@link SiloView} for tests that is always caught up, and that applies events the way the
 * classifier does for one silo: last writer wins per path by sequencer, deletes kept as tombstones.
 */
public final class MapView implements SiloView {
    private final TreeMap<String, HeldInstance> held = new TreeMap<>();
    private final Map<String, String> tombstones = new HashMap<>();

    public MapView put(String path, HeldInstance instance) {
        held.put(path, instance);
        return this;
    }

    /** Applies one event of this silo as the classifier would; returns whether it changed the view. */
    public boolean apply(FileEvent event) {
        HeldInstance current = held.get(event.getPath());
        String stored = current != null ? current.sequencer() : tombstones.get(event.getPath());
        if (!Sequencer.isNewer(event.getSequencer(), stored)) {
            return false;
        }
        if (event.getType() == FileEventType.DELETE) {
            held.remove(event.getPath());
            tombstones.put(event.getPath(), event.getSequencer());
        } else {
            tombstones.remove(event.getPath());
            held.put(event.getPath(), new HeldInstance(event.getSequencer(), event.getSize(), event.getEtag(),
                    event.getMtime().toEpochMilli()));
        }
        return true;
    }

    public Map<String, HeldInstance> held() {
        return Map.copyOf(held);
    }

    @Override
    public HeldInstance get(String path) {
        return held.get(path);
    }

    @Override
    public void forEachUnder(String prefix, BiConsumer<String, HeldInstance> action) {
        held.tailMap(prefix, true).entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix))
                .forEach(e -> action.accept(e.getKey(), e.getValue()));
    }

    @Override
    public boolean caughtUpSince(long nanoTime) {
        return true;
    }

    @Override
    public boolean awaitCaughtUp(long nanoTime, Duration timeout) {
        return true;
    }
}
