package io.meridian.watchers.view;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The instances the global view ({@code meridian.metadata}) holds for one silo, whichever source
 * published them: what a watcher compares a full scan or listing with, so that the view ends equal
 * to storage (DESIGN.md invariant 10) rather than to the watcher's private checkpoint.
 *
 * <p>The view is read asynchronously and lags behind storage and behind the events just published;
 * a caller acts on it only after {@link #awaitCaughtUp} says it has read everything the topic held
 * at a given moment. Implementations are thread-safe.
 */
public interface SiloView {

    /** A view that holds nothing and never catches up: anti-entropy against the checkpoint alone (tools, tests). */
    SiloView NONE = new SiloView() {
        @Override
        public HeldInstance get(String path) {
            return null;
        }

        @Override
        public void forEachUnder(String prefix, BiConsumer<String, HeldInstance> action) {
        }

        @Override
        public boolean caughtUpSince(long nanoTime) {
            return false;
        }

        @Override
        public boolean awaitCaughtUp(long nanoTime, Duration timeout) {
            return false;
        }
    };

    /** The present (or stale) instance of {@code path} in this silo, or null when the view holds none. */
    HeldInstance get(String path);

    /** Calls {@code action} for every held instance whose path starts with {@code prefix}, in path order. */
    void forEachUnder(String prefix, BiConsumer<String, HeldInstance> action);

    /** Whether the view has read everything the metadata topic held at some moment after {@code nanoTime} ({@link System#nanoTime}). */
    boolean caughtUpSince(long nanoTime);

    /** Waits up to {@code timeout} until {@link #caughtUpSince}({@code nanoTime}); returns whether it is. */
    boolean awaitCaughtUp(long nanoTime, Duration timeout) throws InterruptedException;
}
