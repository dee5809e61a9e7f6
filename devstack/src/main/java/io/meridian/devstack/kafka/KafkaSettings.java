package io.meridian.devstack.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link EmbeddedKafka} node is started with.
 *
 * @param dataDir          log directory; it keeps topics, offsets and the cluster id across restarts
 * @param port             PLAINTEXT client port on 127.0.0.1, 0 for a free one
 * @param controllerPort   KRaft controller port on 127.0.0.1, 0 for a free one
 * @param extraProperties  broker properties that override the single-node defaults
 */
public record KafkaSettings(Path dataDir, int port, int controllerPort, Map<String, String> extraProperties) {

    public KafkaSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePortOrZero(port, "port");
        requirePortOrZero(controllerPort, "controllerPort");
        extraProperties = Map.copyOf(extraProperties);
    }

    private static void requirePortOrZero(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (any free port) or between 1 and 65535, was " + port);
        }
    }
}
