package io.meridian.watchers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.SiloConfig;
import io.meridian.config.SiloWatchConfig;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import io.meridian.watchers.posix.PosixWatcherSettings;
import io.meridian.watchers.s3.S3WatcherSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which of defaults, the silo's config and the command's overrides a watcher gets. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WatchSettingsTest {
    private static final WatchSettings.Overrides OVERRIDES =
            new WatchSettings.Overrides(Duration.ofMinutes(1), Duration.ofMinutes(2), "override-topic");

    @Test
    void shouldTakeReconcileIntervalAndTopicFromTheSiloConfig() {
        SiloWatchConfig watch = new SiloWatchConfig(Duration.ofHours(1), "minio-events", true);

        assertThat(WatchSettings.defaults().posixFor(posix(watch)).reconcileInterval()).isEqualTo(Duration.ofHours(1));
        S3WatcherSettings s3 = WatchSettings.defaults().s3For(s3("https://minio:9000", watch));
        assertThat(s3.reconcileInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(s3.notificationTopic()).isEqualTo("minio-events");
    }

    @Test
    void shouldLetTheCommandsOverridesWinOverTheSiloConfig() {
        SiloWatchConfig watch = new SiloWatchConfig(Duration.ofHours(1), "minio-events", true);
        WatchSettings settings = new WatchSettings(PosixWatcherSettings.defaults(), S3WatcherSettings.defaults(), OVERRIDES);

        assertThat(settings.posixFor(posix(watch)).reconcileInterval()).isEqualTo(Duration.ofMinutes(1));
        S3WatcherSettings s3 = settings.s3For(s3("embedded", watch));
        assertThat(s3.reconcileInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s3.notificationTopic()).isEqualTo("override-topic");
    }

    @Test
    void shouldKeepDefaultsWhenNeitherConfigNorOverridesSayAnything() {
        assertThat(WatchSettings.defaults().posixFor(posix(SiloWatchConfig.DEFAULTS)))
                .isEqualTo(PosixWatcherSettings.defaults());
        assertThat(WatchSettings.defaults().s3For(s3("https://minio:9000", SiloWatchConfig.DEFAULTS)))
                .isEqualTo(S3WatcherSettings.defaults());
        assertThat(WatchSettings.defaults().s3For(s3("embedded", SiloWatchConfig.DEFAULTS)).reconcileInterval())
                .isEqualTo(S3WatcherSettings.EMBEDDED_RECONCILE_INTERVAL);
    }

    @Test
    void shouldListAnEmbeddedBucketAtTheConfiguredIntervalEvenWhenItIsTheDefault() {
        SiloWatchConfig watch = new SiloWatchConfig(S3WatcherSettings.DEFAULT_RECONCILE_INTERVAL, null, true);

        assertThat(WatchSettings.defaults().s3For(s3("embedded", watch)).reconcileInterval())
                .isEqualTo(S3WatcherSettings.DEFAULT_RECONCILE_INTERVAL);
    }

    private static SiloConfig posix(SiloWatchConfig watch) {
        return new SiloConfig("nas", SiloKind.POSIX, "/srv/nas", null, null, null, "/datasets", "onprem", Tier.CAPACITY,
                1L << 30, 0, 0, 0.85, 0.7, null, Map.of(), watch);
    }

    private static SiloConfig s3(String endpoint, SiloWatchConfig watch) {
        return new SiloConfig("archive", SiloKind.S3, null, endpoint, "archive", "", "/datasets", "cloud", Tier.ARCHIVE,
                1L << 30, 0, 0, 0.85, 0.7, null, Map.of(), watch);
    }
}
