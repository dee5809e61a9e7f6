package io.meridian.movers;

import io.meridian.schemas.FileEvent;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Precondition;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends MoveResults and FileEvents and waits for the broker's acknowledgement, so a worker commits
 * a command's offset only after its effects are reported. Thread-safe (one producer for all workers).
 */
final class ResultPublisher implements MoveExecutor.EventSink {
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<MoveResult> results;
    private final Serializer<FileEvent> events;

    ResultPublisher(KafkaProducer<String, byte[]> producer, Serializer<MoveResult> results, Serializer<FileEvent> events) {
        this.producer = producer;
        this.results = results;
        this.events = events;
    }

    @Override
    public void publish(FileEvent event) throws IOException {
        send(Topics.FILE_EVENTS, event.getPath(), events.serialize(Topics.FILE_EVENTS, event));
    }

    void publish(MoveCommand command, MoveOutcome outcome, String worker, long durationMillis) throws IOException {
        MoveResult result = MoveResult.newBuilder()
                .setCommandId(command.getCommandId()).setPath(command.getPath()).setOp(command.getOp())
                .setSourceSilo(command.getSourceSilo()).setTargetSilo(command.getTargetSilo())
                .setStatus(outcome.status()).setBytes(outcome.bytes()).setDurationMillis(durationMillis)
                .setCrc32c(outcome.crc32c()).setErrorClass(outcome.errorClass()).setErrorMessage(outcome.message())
                .setWorker(worker).setFinishedAt(Instant.now())
                // the source's state the copy was checked against: the classifier gives the source this CRC32C too
                .setSourceExpected(command.getOp() == MoveOp.DELETE_INSTANCE ? null : sourceState(command, outcome))
                .build();
        send(Topics.MOVE_RESULTS, command.getPath(), results.serialize(Topics.MOVE_RESULTS, result));
    }

    /**
     * The command's precondition on the source, with the CRC32C the mover established for it when the
     * command did not know it (a target found ALREADY_PRESENT: source and target CRC32C are equal).
     */
    private static Precondition sourceState(MoveCommand command, MoveOutcome outcome) {
        Precondition expected = command.getExpected();
        if (expected == null || expected.getCrc32c() != null || outcome.sourceCrc32c() == null) {
            return expected;
        }
        return Precondition.newBuilder(expected).setCrc32c(outcome.sourceCrc32c()).build();
    }

    private void send(String topic, String key, byte[] value) throws IOException {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while publishing to " + topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot publish to " + topic + ": " + e, e);
        }
    }
}
