package io.meridian.classifier;

import static io.meridian.classifier.TestEvents.delete;
import static io.meridian.classifier.TestEvents.rename;
import static io.meridian.classifier.TestEvents.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.SiloUsage;
import io.meridian.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** The record, ordering, rename, usage and dead-letter rules of the classifier topology. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassifierTopologyTest {
    private static final String FILE = "/datasets/train/part-0.parquet";

    @TempDir
    Path stateDir;
    ClassifierDriver classifier;

    @BeforeEach
    void start() {
        classifier = new ClassifierDriver(stateDir, List.of(), true, "nas", "nvme");
    }

    @AfterEach
    void stop() {
        classifier.close();
    }

    @Test
    void shouldPublishOneRecordPerPathWithInstancesAndBuiltInTags() {
        classifier.pipe(upsert(FILE, "nas", 2048, 1));
        classifier.pipe(upsert(FILE, "nvme", 2048, 2));

        FileRecord record = classifier.latest().get(FILE);
        assertThat(record.getInstances()).extracting(Instance::getSilo).containsExactly("nas", "nvme");
        assertThat(record.getInstances()).allMatch(i -> i.getState() == InstanceState.PRESENT && i.getSize() == 2048);
        assertThat(record.getVersion()).isEqualTo(2);
        assertThat(record.getDivergent()).isFalse();
        assertThat(record.getAutoTags()).containsEntry("format", "parquet").containsEntry("modality", "tabular")
                .containsEntry("size_class", "small");
    }

    @Test
    void shouldDropAndCountAnEventOlderThanTheStoredOne() {
        classifier.pipe(upsert(FILE, "nas", 200, 5));
        classifier.pipe(upsert(FILE, "nas", 100, 3));
        classifier.pipe(upsert(FILE, "nas", 200, 5));

        assertThat(classifier.latest().get(FILE).getInstances().get(0).getSize()).isEqualTo(200);
        assertThat(classifier.counters.staleDropped()).isEqualTo(2);
        assertThat(classifier.counters.events(io.meridian.classifier.metadata.Input.Kind.FILE_EVENT)).isEqualTo(3);
        assertThat(classifier.counters.applied()).isEqualTo(1);
    }

    @Test
    void shouldTombstoneWhenTheLastInstanceIsDeletedAndKeepAnOlderUpsertOut() {
        classifier.pipe(upsert(FILE, "nas", 100, 1));
        classifier.pipe(upsert(FILE, "nvme", 100, 2));
        classifier.pipe(delete(FILE, "nas", 3));
        assertThat(classifier.latest().get(FILE).getInstances()).extracting(Instance::getSilo).containsExactly("nvme");

        classifier.pipe(delete(FILE, "nvme", 4));
        classifier.pipe(upsert(FILE, "nvme", 100, 2));

        Map<String, FileRecord> latest = classifier.latest();
        assertThat(latest).containsKey(FILE);
        assertThat(latest.get(FILE)).isNull();
        assertThat(classifier.counters.staleDropped()).isEqualTo(1);
    }

    @Test
    void shouldMarkPresentInstancesThatDisagreeAsDivergent() {
        classifier.pipe(upsert(FILE, "nas", 100, 1));
        classifier.pipe(upsert(FILE, "nvme", 101, 2));
        FileRecord divergent = classifier.latest().get(FILE);
        assertThat(divergent.getDivergent()).isTrue();
        assertThat(divergent.getInstances()).hasSize(2);

        classifier.pipe(upsert(FILE, "nvme", 100, 3));
        assertThat(classifier.latest().get(FILE).getDivergent()).isFalse();
    }

    @Test
    void shouldMarkSameSizeButDifferentChecksumsAsDivergent() {
        classifier.pipe(TestEvents.event(FILE, "nas", FileEventType.UPSERT, 100, 1).setCrc32c(7L).build());
        classifier.pipe(TestEvents.event(FILE, "nvme", FileEventType.UPSERT, 100, 2).setCrc32c(8L).build());
        assertThat(classifier.latest().get(FILE).getDivergent()).isTrue();
    }

    @Test
    void shouldKeepAKnownChecksumWhenANewerScanSeesTheSameContent() {
        FileEvent moved = TestEvents.event(FILE, "nvme", FileEventType.UPSERT, 100, 1).setCrc32c(42L).build();
        classifier.pipe(moved);
        classifier.pipe(TestEvents.event(FILE, "nvme", FileEventType.UPSERT, 100, 2).setMtime(moved.getMtime()).build());
        assertThat(classifier.latest().get(FILE).getInstances().get(0).getCrc32c()).isEqualTo(42L);

        classifier.pipe(TestEvents.event(FILE, "nvme", FileEventType.UPSERT, 101, 3).build());
        assertThat(classifier.latest().get(FILE).getInstances().get(0).getCrc32c()).isNull();
    }

    @Test
    void shouldMoveTheInstanceOnRename() {
        String before = "/datasets/tmp/x.npy";
        classifier.pipe(upsert(before, "nas", 10, 1));
        classifier.pipe(rename(before, FILE, "nas", 10, 2));

        Map<String, FileRecord> latest = classifier.latest();
        assertThat(latest.get(before)).isNull();
        assertThat(latest.containsKey(before)).isTrue();
        assertThat(latest.get(FILE).getInstances()).extracting(Instance::getSilo).containsExactly("nas");
    }

    @Test
    void shouldKeepUsageExactUnderUpdatesDeletesAndStaleEvents() {
        classifier.pipe(upsert("/datasets/a", "nas", 100, 1));
        classifier.pipe(upsert("/datasets/b", "nas", 50, 2));
        classifier.pipe(upsert("/datasets/a", "nas", 70, 3));
        classifier.pipe(upsert("/datasets/a", "nas", 999, 2));
        classifier.pipe(upsert("/datasets/a", "nvme", 70, 4));
        classifier.pipe(delete("/datasets/b", "nas", 5));
        classifier.pipe(delete("/datasets/b", "nas", 5));

        Map<String, SiloUsage> usage = classifier.latestUsage();
        assertThat(usage.get("nas").getUsedBytes()).isEqualTo(70);
        assertThat(usage.get("nas").getFileCount()).isEqualTo(1);
        assertThat(usage.get("nvme").getUsedBytes()).isEqualTo(70);
    }

    @Test
    void shouldDeadLetterUnknownSilosAndBadPathsAndKeepGoing() {
        classifier.pipe(upsert(FILE, "mars", 1, 1));
        classifier.events.pipeInput("/datasets/../etc/passwd", upsert("/datasets/../etc/passwd", "nas", 1, 1));
        classifier.pipe(upsert(FILE, "nas", 1, 2));

        List<TestRecord<String, byte[]>> letters = classifier.deadLetters.readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(header(letters.get(0), DeadLetters.HEADER_MESSAGE)).contains("unknown silo 'mars'");
        assertThat(header(letters.get(0), DeadLetters.HEADER_TOPIC)).isEqualTo("meridian.file-events");
        assertThat(header(letters.get(1), DeadLetters.HEADER_MESSAGE)).contains("'path'").contains("'..'");
        assertThat(letters.get(0).value()).isNotEmpty();
        assertThat(classifier.latest().get(FILE).getInstances()).hasSize(1);
    }

    @Test
    void shouldRecordLastAccessAndVerifiedChecksum() {
        classifier.pipe(upsert(FILE, "nvme", 100, 1));
        classifier.access.pipeInput(FILE, io.meridian.schemas.AccessEvent.newBuilder().setPath(FILE)
                .setAt(TestEvents.T0.plusSeconds(50)).build());
        classifier.moves.pipeInput(FILE, io.meridian.schemas.MoveResult.newBuilder().setCommandId("c1").setPath(FILE)
                .setOp(io.meridian.schemas.MoveOp.COPY).setSourceSilo("nas").setTargetSilo("nvme")
                .setStatus(io.meridian.schemas.MoveStatus.SUCCEEDED).setBytes(100).setCrc32c(42L).setWorker("w")
                .setFinishedAt(TestEvents.T0).build());

        FileRecord record = classifier.latest().get(FILE);
        assertThat(record.getLastAccess()).isEqualTo(TestEvents.T0.plusSeconds(50));
        assertThat(record.getInstances().get(0).getCrc32c()).isEqualTo(42L);
        assertThat(record.getVersion()).isEqualTo(3);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
