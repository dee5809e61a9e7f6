package io.meridian.classifier;

import static io.meridian.classifier.TestEvents.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile FileEvents on the classifier's input topic (issue #13: what a probe sent through Kafka): each
 * is dead-lettered with a reason naming the field, changes neither the metadata nor the usage, and a
 * refused sequencer from the future does not make later real changes of the file look stale.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileEventsTest {
    private static final String FILE = "/datasets/train/part-0.parquet";
    private static final Instant NOW = TestEvents.T0.plusSeconds(3600);

    @TempDir
    Path stateDir;
    ClassifierDriver classifier;

    @BeforeEach
    void start() {
        ClassifierSettings settings = new ClassifierSettings(List.of(), true, Clock.fixed(NOW, ZoneOffset.UTC));
        classifier = new ClassifierDriver(stateDir, settings, "nas", "nvme");
    }

    @AfterEach
    void stop() {
        classifier.close();
    }

    @Test
    void shouldDeadLetterEveryHostileEventNamingTheFieldAndChangeNothing() {
        classifier.pipe(upsert(FILE, "nas", 100, 1));
        List<String> fields = List.of("size", "size", "mtime", "path", "previousPath", "sequencer", "sequencer", "sequencer",
                "sequencer", "sequencer", "owner", "mode", "crc32c", "observedAt");
        List<UnaryOperator<FileEvent.Builder>> hostile = List.of(
                e -> e.setSize(Long.MAX_VALUE),
                e -> e.setSize(-5),
                e -> e.setMtime(Instant.ofEpochMilli(-99_999_999_999_999_999L)),
                e -> e.setPath("/etc/passwd"),
                e -> e.setType(FileEventType.RENAME).setPreviousPath("/etc/shadow"),
                e -> e.setSequencer("99999999999999999-1"),
                e -> e.setSequencer("1767225600000000-"),
                e -> e.setSequencer("-0-0"),
                e -> e.setSequencer("1767225600000000-a b"),
                e -> e.setSequencer("7258118400000000-1"),
                e -> e.setOwner("x".repeat(100_000)),
                e -> e.setMode(-1),
                e -> e.setCrc32c(-1L),
                e -> e.setObservedAt(Instant.parse("2200-01-01T00:00:00Z")));
        for (UnaryOperator<FileEvent.Builder> change : hostile) {
            FileEvent event = change.apply(TestEvents.event(FILE, "nas", FileEventType.UPSERT, 7, 2)).build();
            classifier.pipe(event);
        }

        List<TestRecord<String, byte[]>> letters = classifier.deadLetters.readRecordsToList();
        assertThat(letters).hasSize(hostile.size());
        for (int i = 0; i < letters.size(); i++) {
            assertThat(header(letters.get(i), DeadLetters.HEADER_MESSAGE)).as("dead letter %d", i).contains("'" + fields.get(i) + "'");
        }
        assertThat(classifier.latest().get(FILE).getInstances()).singleElement().satisfies(i -> assertThat(i.getSize()).isEqualTo(100));
        assertThat(classifier.latestUsage().get("nas").getUsedBytes()).isEqualTo(100);
        assertThat(classifier.latest()).doesNotContainKey("/etc/passwd");
    }

    @Test
    void shouldApplyRealChangesAfterARefusedSequencerFromTheFuture() {
        classifier.pipe(upsert(FILE, "nas", 100, 1));
        classifier.pipe(TestEvents.event(FILE, "nas", FileEventType.UPSERT, 1, 2).setSequencer("9999999999999999-9").build());
        classifier.pipe(TestEvents.event(FILE, "nas", FileEventType.UPSERT, 1, 3)
                .setSequencer(TestEvents.seq(3).substring(0, 16) + "-" + "z".repeat(64)).build());
        classifier.pipe(upsert(FILE, "nas", 300, 4));

        assertThat(classifier.deadLetters.readRecordsToList()).hasSize(1);
        assertThat(classifier.latest().get(FILE).getInstances()).singleElement().satisfies(i -> assertThat(i.getSize()).isEqualTo(300));
    }

    @Test
    void shouldNotDeleteTheSourceOfARefusedRename() {
        String old = "/datasets/important.bin";
        classifier.pipe(upsert(old, "nas", 100, 1));
        classifier.pipe(TestEvents.rename(old, FILE, "nas", Long.MAX_VALUE, 2));
        classifier.pipe(FileEvent.newBuilder(TestEvents.rename(old, FILE, "nas", 100, 3)).setSequencer("9999999999999999-1").build());

        assertThat(classifier.deadLetters.readRecordsToList()).hasSize(2);
        assertThat(classifier.latest().get(old).getInstances()).singleElement().satisfies(i -> assertThat(i.getSize()).isEqualTo(100));
        assertThat(classifier.latest()).doesNotContainKey(FILE);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
