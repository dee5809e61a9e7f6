package io.meridian.watchers;

import io.meridian.config.SiloConfig;
import io.meridian.config.SiloWatchConfig;
import io.meridian.watchers.posix.PosixWatcherSettings;
import io.meridian.watchers.s3.S3WatcherSettings;
import java.time.Duration;

/**
 * Settings of the watchers a process runs. A silo's watcher gets the base settings of its kind, then
 * what the silo's entry in the config says ({@link SiloWatchConfig}), then the overrides (the options
 * of {@code meridian watch}), each winning over the one before.
 *
 * @param posix     base settings of POSIX watchers
 * @param s3        base settings of S3 watchers
 * @param overrides values that win over every silo's config
 */
public record WatchSettings(PosixWatcherSettings posix, S3WatcherSettings s3, Overrides overrides) {

    /**
     * Values given for this process only; null where not given.
     *
     * @param posixReconcileInterval time between POSIX reconciliation scans
     * @param s3ReconcileInterval    time between S3 listings
     * @param notificationTopic      the Kafka topic of bucket notifications, for every S3 silo
     */
    public record Overrides(Duration posixReconcileInterval, Duration s3ReconcileInterval, String notificationTopic) {
        public static final Overrides NONE = new Overrides(null, null, null);
    }

    /** Base settings without overrides. */
    public WatchSettings(PosixWatcherSettings posix, S3WatcherSettings s3) {
        this(posix, s3, Overrides.NONE);
    }

    public static WatchSettings defaults() {
        return new WatchSettings(PosixWatcherSettings.defaults(), S3WatcherSettings.defaults());
    }

    /** The settings of the POSIX watcher of {@code silo}. */
    public PosixWatcherSettings posixFor(SiloConfig silo) {
        Duration interval = first(overrides.posixReconcileInterval(), silo.watch().reconcileInterval());
        return interval == null ? posix : posix.withReconcileInterval(interval);
    }

    /**
     * The settings of the S3 watcher of {@code silo}. An embedded endpoint (the local S3Proxy) sends no
     * notifications, so without a topic and an interval it is listed every few seconds instead.
     */
    public S3WatcherSettings s3For(SiloConfig silo) {
        SiloWatchConfig watch = silo.watch();
        String topic = first(overrides.notificationTopic(), first(watch.notificationTopic(), s3.notificationTopic()));
        Duration interval = first(overrides.s3ReconcileInterval(), watch.reconcileInterval());
        S3WatcherSettings settings = s3.withNotificationTopic(topic);
        if (interval != null) {
            return settings.withReconcileInterval(interval);
        }
        return settings.forEndpoint(silo.endpoint());
    }

    private static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
