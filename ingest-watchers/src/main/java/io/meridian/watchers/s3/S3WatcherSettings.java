package io.meridian.watchers.s3;

import java.time.Duration;

/**
 * Tuning of an S3 watcher.
 *
 * @param reconcileInterval time between ListObjectsV2 reconciliations of the bucket (+prefix)
 * @param notificationTopic Kafka topic where MinIO ({@code notify_kafka}) or a bridge from AWS
 *                          publishes bucket-notification JSON; null to rely on listing (and the webhook)
 */
public record S3WatcherSettings(Duration reconcileInterval, String notificationTopic) {
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(5);
    /**
     * The embedded S3Proxy sends no notifications, so its (small, local) buckets are listed every second
     * instead: a new object then shows up well within the 5 s the watchers promise.
     */
    public static final Duration EMBEDDED_RECONCILE_INTERVAL = Duration.ofSeconds(1);

    public S3WatcherSettings {
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("reconcile interval must be positive, was " + reconcileInterval);
        }
    }

    public static S3WatcherSettings defaults() {
        return new S3WatcherSettings(DEFAULT_RECONCILE_INTERVAL, null);
    }

    /** These settings for a silo at {@code endpoint}: an embedded endpoint without notifications is listed every few seconds. */
    public S3WatcherSettings forEndpoint(String endpoint) {
        boolean defaultInterval = reconcileInterval.equals(DEFAULT_RECONCILE_INTERVAL);
        return "embedded".equals(endpoint) && notificationTopic == null && defaultInterval
                ? withReconcileInterval(EMBEDDED_RECONCILE_INTERVAL) : this;
    }

    public S3WatcherSettings withReconcileInterval(Duration interval) {
        return new S3WatcherSettings(interval, notificationTopic);
    }

    public S3WatcherSettings withNotificationTopic(String topic) {
        return new S3WatcherSettings(reconcileInterval, topic);
    }
}
