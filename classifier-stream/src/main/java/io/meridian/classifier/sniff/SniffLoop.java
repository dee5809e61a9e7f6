package io.meridian.classifier.sniff;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.TagCommand;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sniffer's thread: reads {@code meridian.metadata}, sniffs the files that need it
 * ({@link ContentSniffer}) and sends the resulting tag commands to {@code meridian.tag-commands}.
 * Offsets are committed only once every command of a poll is acknowledged (at least once: a repeated
 * command sets the same tag with the same date, which changes nothing). A file that cannot be read is
 * logged and skipped (its next change tries again); a record that does not parse goes to the dead
 * letters. A Kafka failure drops the consumer without committing and starts a new one.
 */
final class SniffLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SniffLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Producer<String, byte[]> producer;
    private final Deserializer<FileRecord> records;
    private final Serializer<TagCommand> commands;
    private final ContentSniffer sniffer;
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;

    SniffLoop(Supplier<Consumer<String, byte[]>> consumers, Producer<String, byte[]> producer,
              Deserializer<FileRecord> records, Serializer<TagCommand> commands, ContentSniffer sniffer) {
        this.consumers = consumers;
        this.producer = producer;
        this.records = records;
        this.commands = commands;
        this.sniffer = sniffer;
    }

    @Override
    public void run() {
        while (running) {
            try (Consumer<String, byte[]> c = consumers.get()) {
                consumer = c;
                c.subscribe(List.of(Topics.METADATA));
                while (running) {
                    pollOnce(c);
                }
            } catch (WakeupException e) {
                // close() asked us to stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KafkaException | ExecutionException e) {
                LOG.warn("Content sniffer lost its Kafka clients' footing; restarting from the last commit in {} s: {}",
                        RETRY.toSeconds(), e.toString());
                pause();
            }
        }
    }

    /** Stops the loop; its thread ends within one poll and one file read. */
    void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void pollOnce(Consumer<String, byte[]> c) throws InterruptedException, ExecutionException {
        ConsumerRecords<String, byte[]> polled = c.poll(POLL);
        if (polled.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : polled) {
            handle(record).ifPresent(sent::add);
            if (!running) {
                return; // uncommitted: the rest is read again after a restart
            }
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            future.get();
        }
        c.commitSync();
    }

    private Optional<Future<RecordMetadata>> handle(ConsumerRecord<String, byte[]> raw) throws InterruptedException {
        if (raw.value() == null) {
            return Optional.empty(); // a deleted file
        }
        FileRecord record;
        try {
            record = records.deserialize(raw.topic(), raw.headers(), raw.value());
        } catch (RuntimeException e) {
            LOG.warn("Unreadable metadata record {} at {}-{}@{}; dead-lettered", raw.key(), raw.topic(), raw.partition(), raw.offset());
            return Optional.of(producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, raw.key(), raw.value(),
                    DeadLetters.headers(raw.headers(), "sniffer", raw.topic(), raw.partition(), raw.offset(), e))));
        }
        Optional<Instance> instance = sniffer.due(record);
        if (instance.isEmpty()) {
            return Optional.empty();
        }
        try {
            return sniffer.sniff(record.getPath(), instance.get()).map(command -> producer.send(
                    new ProducerRecord<>(Topics.TAG_COMMANDS, command.getPath(), commands.serialize(Topics.TAG_COMMANDS, command))));
        } catch (IOException e) {
            LOG.warn("Cannot sniff {} in silo {}: {}", record.getPath(), instance.get().getSilo(), e.toString());
            return Optional.empty();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
