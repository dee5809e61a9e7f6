package io.meridian.watchers.posix;

import java.time.Duration;

/**
 * Tuning of a POSIX watcher.
 *
 * @param reconcileInterval time between full reconciliation scans (they correct anything missed)
 * @param quietPeriod       a path is published once its notifications have paused this long
 * @param maxDelay          ...or once its first pending notification is this old
 * @param commitInterval    how often acknowledged progress is saved to the checkpoint while live
 * @param readers           directory reader threads of a scan
 * @param live              whether to follow changes through inotify between scans
 */
public record PosixWatcherSettings(Duration reconcileInterval, Duration quietPeriod, Duration maxDelay,
                                   Duration commitInterval, int readers, boolean live) {
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_READERS = 4;

    public PosixWatcherSettings {
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be at least 1, was " + readers);
        }
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("reconcile interval must be positive, was " + reconcileInterval);
        }
    }

    public static PosixWatcherSettings defaults() {
        return new PosixWatcherSettings(DEFAULT_RECONCILE_INTERVAL, DEFAULT_QUIET_PERIOD, DEFAULT_MAX_DELAY,
                DEFAULT_COMMIT_INTERVAL, DEFAULT_READERS, true);
    }

    public PosixWatcherSettings withReconcileInterval(Duration interval) {
        return new PosixWatcherSettings(interval, quietPeriod, maxDelay, commitInterval, readers, live);
    }

    public PosixWatcherSettings withReaders(int count) {
        return new PosixWatcherSettings(reconcileInterval, quietPeriod, maxDelay, commitInterval, count, live);
    }

    public PosixWatcherSettings withLive(boolean follow) {
        return new PosixWatcherSettings(reconcileInterval, quietPeriod, maxDelay, commitInterval, readers, follow);
    }
}
