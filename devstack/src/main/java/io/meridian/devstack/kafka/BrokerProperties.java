package io.meridian.devstack.kafka;

import io.meridian.devstack.LocalPorts;
import java.util.Properties;

/**
 * Builds the configuration of a single combined broker+controller KRaft node on the loopback interface.
 *
 * <p>Every internal topic gets replication factor 1, since there is one node; client-visible
 * defaults follow the design (3 partitions per topic, so partition-dependent bugs show up on one
 * machine too). The caller's extra properties win over every default.
 */
final class BrokerProperties {

    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final int NODE_ID = 1;

    private BrokerProperties() {
    }

    static Properties build(KafkaSettings settings, int port, int controllerPort) {
        Properties props = new Properties();
        putNode(props, settings, port, controllerPort);
        putSingleNodeReplication(props);
        putFastStartAndSmallFootprint(props);
        props.putAll(settings.extraProperties());
        return props;
    }

    private static void putNode(Properties props, KafkaSettings settings, int port, int controllerPort) {
        String host = LocalPorts.HOST;
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://" + host + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("log.dirs", settings.dataDir().toAbsolutePath().toString());
    }

    private static void putSingleNodeReplication(Properties props) {
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("remote.log.metadata.topic.replication.factor", "1");
    }

    private static void putFastStartAndSmallFootprint(Properties props) {
        // No other member will ever join late; waiting for one only delays the first assignment.
        props.put("group.initial.rebalance.delay.ms", "0");
        // The broker is unfenced by a heartbeat after registration and catch-up; with the 2 s default
        // interval those rounds are most of the start-up time (measured: 1.5 s cold start at 100 ms,
        // 2.8 s at 250 ms). The controller may log a timed-out heartbeat while it is busy at start-up;
        // the broker simply sends the next one.
        props.put("broker.heartbeat.interval.ms", "100");
        // Internal topics are created on first use; 50 partitions each cost seconds on one node.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "3");
        // The 128 MiB default is allocated up front; a development machine compacts far fewer keys.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(32L * 1024 * 1024));
    }
}
