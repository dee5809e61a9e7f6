package io.meridian.config;

import java.time.Duration;

/**
 * How the watchers follow one silo, from the silo's entry in {@code meridian.yaml}:
 * {@code reconcileInterval} (time between full reconciliation scans or listings) and, for S3 silos,
 * {@code notifications: { kafkaTopic: ..., webhook: true|false }} (bucket notifications from the Kafka
 * topic MinIO's {@code notify_kafka} target publishes to, and whether the process's webhook endpoint
 * takes this bucket's notifications). Unset values leave the watcher's defaults; {@code meridian watch}
 * options override them.
 *
 * @param reconcileInterval null for the watcher's default
 * @param notificationTopic null when no topic carries this bucket's notifications
 * @param webhook           whether notifications posted to the webhook endpoint are taken for this silo
 */
public record SiloWatchConfig(Duration reconcileInterval, String notificationTopic, boolean webhook) {
    /** Webhook notifications are taken unless a silo turns them off, as before this setting existed. */
    public static final boolean DEFAULT_WEBHOOK = true;
    public static final SiloWatchConfig DEFAULTS = new SiloWatchConfig(null, null, DEFAULT_WEBHOOK);

    public SiloWatchConfig {
        if (reconcileInterval != null && (reconcileInterval.isNegative() || reconcileInterval.isZero())) {
            throw new IllegalArgumentException("reconcile interval must be positive, was " + reconcileInterval);
        }
    }
}
