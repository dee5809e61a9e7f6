package io.meridian.watchers;

import io.meridian.watchers.posix.PosixWatcherSettings;
import io.meridian.watchers.s3.S3WatcherSettings;

/** Settings of the watchers a process runs: one for POSIX silos, one for S3 silos. */
public record WatchSettings(PosixWatcherSettings posix, S3WatcherSettings s3) {

    public static WatchSettings defaults() {
        return new WatchSettings(PosixWatcherSettings.defaults(), S3WatcherSettings.defaults());
    }
}
