package io.meridian.devstack.s3;

import static org.assertj.core.api.Assertions.assertThat;


import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Invariant 8: the S3 secret key reaches no log line, even at DEBUG. */
@Tag("integration")
class EmbeddedS3LoggingTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldNotLogTheSecretKeyAtAnyLevel() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Map<Logger, Level> previous = new HashMap<>();
        context.getLoggerList().forEach(logger -> previous.put(logger, logger.getLevel()));
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        // Every logger, including those quietened in logback-test.xml, logs everything during this test.
        context.getLoggerList().stream().filter(logger -> logger != root).forEach(logger -> logger.setLevel(null));
        root.setLevel(Level.TRACE);
        String secret;
        try (EmbeddedS3 s3 = EmbeddedS3.builder().build().start()) {
            secret = s3.secretKey();
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(s3.accessKey(), s3.secretKey()).build();
            client.makeBucket(MakeBucketArgs.builder().bucket("logged").build());
            client.putObject(PutObjectArgs.builder().bucket("logged").object("o")
                    .stream(new ByteArrayInputStream(new byte[] {1}), 1, -1).build());
        } finally {
            previous.forEach(Logger::setLevel);
            root.detachAppender(captured);
            captured.stop(); // a server thread still finishing may log once more; a stopped appender takes nothing
        }

        List<ILoggingEvent> events;
        synchronized (captured) { // appends hold the appender's lock
            events = new ArrayList<>(captured.list);
        }
        assertThat(events).isNotEmpty();
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(secret);
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(secret);
            }
        });
    }
}
