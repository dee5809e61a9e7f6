package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watcher settings of a silo entry: {@code reconcileInterval} and an S3 silo's {@code notifications}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SiloWatchConfigTest {
    private static final Path BASE = Path.of("/srv/meridian");

    private static final String CONFIG = """
            silos:
              - id: nas
                kind: posix
                root: ./data/nas
                mount: /datasets
                site: onprem
                tier: capacity
                capacity: 500GiB
                POSIX_EXTRA
              - id: archive
                kind: s3
                bucket: archive
                mount: /datasets
                site: cloud-a
                tier: archive
                capacity: 10TiB
                S3_EXTRA
            """;

    private static String config(String posixExtra, String s3Extra) {
        return CONFIG.replace("POSIX_EXTRA", posixExtra).replace("S3_EXTRA", s3Extra);
    }

    @Test
    void shouldReadReconcileIntervalAndNotificationsOfEachSilo() {
        MeridianConfig config = ConfigLoader.parse("meridian.yaml", config("reconcileInterval: 1h",
                "reconcileInterval: 90s\n    notifications: { kafkaTopic: minio-events, webhook: false }"), BASE);

        assertThat(config.silos().get(0).watch()).isEqualTo(new SiloWatchConfig(Duration.ofHours(1), null, true));
        assertThat(config.silos().get(1).watch()).isEqualTo(new SiloWatchConfig(Duration.ofSeconds(90), "minio-events", false));
    }

    @Test
    void shouldLeaveWatcherDefaultsWhenTheSiloSaysNothing() {
        MeridianConfig config = ConfigLoader.parse("meridian.yaml", config("", ""), BASE);

        assertThat(config.silos()).allSatisfy(silo -> assertThat(silo.watch()).isEqualTo(SiloWatchConfig.DEFAULTS));
    }

    @Test
    void shouldRefuseAnIntervalThatIsNotADurationNamingFieldAndLine() {
        assertError(config("reconcileInterval: often", ""), 9, "silos[0].reconcileInterval",
                "'often' is not a duration; write a number and one of ms, s, m, h, d, e.g. 7d");
        assertError(config("reconcileInterval: 0s", ""), 9, "silos[0].reconcileInterval", "must be more than 0, e.g. 10m");
    }

    @Test
    void shouldRefuseNotificationsOnAPosixSilo() {
        assertError(config("notifications: { kafkaTopic: minio-events }", ""), 9, "silos[0].notifications",
                "does not apply to this silo kind");
    }

    @Test
    void shouldRefuseAnInvalidOrMeridianNotificationTopic() {
        assertError(config("", "notifications: { kafkaTopic: \"minio events\" }"), 17, "silos[1].notifications.kafkaTopic",
                "'minio events' is invalid; use a Kafka topic name (letters, digits, '.', '_', '-'), e.g. minio-events");
        assertError(config("", "notifications: { kafkaTopic: meridian.file-events }"), 17, "silos[1].notifications.kafkaTopic",
                "'meridian.file-events' is one of Meridian's own topics; name the topic MinIO's notify_kafka target publishes to");
    }

    @Test
    void shouldRefuseAnUnknownNotificationFieldOrANonBooleanWebhook() {
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", config("", "notifications: { topic: minio-events }"), BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("meridian.yaml:17: silos[1].notifications.topic: unknown field");
        assertError(config("", "notifications: { webhook: sometimes }"), 17, "silos[1].notifications.webhook",
                "expected true or false, got 'sometimes'");
    }

    private static void assertError(String text, int line, String field, String problem) {
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml:" + line + ": " + field + ": " + problem);
    }
}
