package io.meridian.classifier.metadata;

import io.meridian.schemas.Silo;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Silo lookups for input validation, in front of the global silos store: every file event checks its
 * silo, and a store lookup decodes the Silo record each time, so a silo found is remembered for
 * {@link #TTL}. Only found silos are remembered: a silo published after an event was refused is seen
 * at once, and one removed from {@code meridian.silos} is still accepted for at most {@link #TTL}.
 * One per task (not thread-safe).
 */
final class SiloLookup implements Function<String, Silo> {
    static final Duration TTL = Duration.ofSeconds(10);

    private final Function<String, Silo> store;
    private final LongSupplier nanoClock;
    private final Map<String, Found> found = new HashMap<>();

    private record Found(Silo silo, long until) {
    }

    SiloLookup(Function<String, Silo> store, LongSupplier nanoClock) {
        this.store = store;
        this.nanoClock = nanoClock;
    }

    @Override
    public Silo apply(String id) {
        long now = nanoClock.getAsLong();
        Found cached = found.get(id);
        if (cached != null && now - cached.until() < 0) {
            return cached.silo();
        }
        Silo silo = store.apply(id);
        if (silo == null) {
            found.remove(id);
        } else {
            found.put(id, new Found(silo, now + TTL.toNanos()));
        }
        return silo;
    }
}
