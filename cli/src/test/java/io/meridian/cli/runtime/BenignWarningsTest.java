package io.meridian.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** Kafka's benign first-start warnings are dropped; the same warnings about Meridian's own topics are not. */
class BenignWarningsTest {
    private static final String METADATA_WARNING = "[Consumer clientId=meridian-classifier-1-StreamThread-1-consumer, groupId=meridian-classifier]"
            + " The metadata response from the cluster reported a recoverable issue with correlation id {} : {}";
    private final LoggerContext context = new LoggerContext();
    private final BenignWarnings filter = new BenignWarnings();

    @Test
    void shouldDropWarningsAboutStreamsTopicsNotCreatedYet() {
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.WARN, METADATA_WARNING, 2,
                "{meridian-classifier-renamed-away-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
                        + "meridian-classifier-files-changelog=UNKNOWN_TOPIC_OR_PARTITION}")).isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] Performing controller"
                + " activation. The metadata log appears to be empty. Appending {} bootstrap record(s)", 4)).isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.WARN,
                "[NodeToControllerChannelManager id=1 name=registration] Attempting to close NetworkClient that has already been closed."))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldKeepWarningsThatMayNeedTheUser() {
        // A Meridian topic that does not exist means `meridian init` did not run: that must show.
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.WARN, METADATA_WARNING, 7,
                "{meridian.metadata=UNKNOWN_TOPIC_OR_PARTITION, meridian-classifier-x-repartition=UNKNOWN_TOPIC_OR_PARTITION}"))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.WARN, METADATA_WARNING, 7,
                "{meridian-classifier-x-repartition=TOPIC_AUTHORIZATION_FAILED}")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.WARN,
                "[Producer clientId=p] Connection to node -1 (localhost/127.0.0.1:9092) could not be established.")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("io.meridian.classifier.ClassifierApp", Level.WARN, "The metadata log appears to be empty")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.apache.kafka.clients.NetworkClient", Level.ERROR,
                "Attempting to close NetworkClient that has already been closed.")).isEqualTo(FilterReply.NEUTRAL);
    }

    private FilterReply decide(String logger, Level level, String format, Object... params) {
        return filter.decide(null, context.getLogger(logger), level, format, params, null);
    }
}
