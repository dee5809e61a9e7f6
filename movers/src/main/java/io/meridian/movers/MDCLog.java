package io.meridian.movers;

import io.meridian.schemas.MoveCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The per-command log lines of a worker, with coordinates (topic, partition, offset; silos and path). */
final class MDCLog {
    private static final Logger LOG = LoggerFactory.getLogger(MoverWorker.class);

    private MDCLog() {
    }

    static void started(String worker, ConsumerRecord<String, byte[]> record, MoveCommand c) {
        LOG.debug("Worker {} starts {} {} {} -> {} ({}-{}@{})", worker, c.getOp(), c.getPath(), c.getSourceSilo(),
                c.getTargetSilo(), record.topic(), record.partition(), record.offset());
    }

    static void finished(String worker, ConsumerRecord<String, byte[]> record, MoveCommand c, MoveOutcome o, long millis) {
        if (o.errorClass() == null) {
            LOG.info("Worker {}: {} {} {} -> {}: {} ({} bytes, {} ms, {}-{}@{})", worker, c.getOp(), c.getPath(),
                    c.getSourceSilo(), c.getTargetSilo(), o.status(), o.bytes(), millis, record.topic(), record.partition(),
                    record.offset());
        } else {
            LOG.warn("Worker {}: {} {} {} -> {}: {} {} ({}-{}@{}): {}", worker, c.getOp(), c.getPath(), c.getSourceSilo(),
                    c.getTargetSilo(), o.status(), o.errorClass(), record.topic(), record.partition(), record.offset(),
                    o.message());
        }
    }
}
