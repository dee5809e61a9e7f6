package io.meridian.watchers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class S3WatcherSettingsTest {
    @Test
    void shouldListTheEmbeddedEndpointOftenUnlessToldOtherwise() {
        S3WatcherSettings defaults = S3WatcherSettings.defaults();

        assertThat(defaults.forEndpoint("embedded").reconcileInterval()).isEqualTo(S3WatcherSettings.EMBEDDED_RECONCILE_INTERVAL);
        assertThat(defaults.forEndpoint("https://s3.example.com").reconcileInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.withReconcileInterval(Duration.ofMinutes(1)).forEndpoint("embedded").reconcileInterval())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.withNotificationTopic("minio").forEndpoint("embedded").reconcileInterval())
                .isEqualTo(Duration.ofMinutes(5));
    }
}
