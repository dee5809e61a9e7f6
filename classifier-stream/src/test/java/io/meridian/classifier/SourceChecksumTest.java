package io.meridian.classifier;

import static io.meridian.classifier.TestEvents.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.Precondition;
import io.meridian.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CRC32C a mover computed while copying is recorded on the copy and, while it is unchanged, on its source. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceChecksumTest {
    private static final String FILE = "/datasets/train/part-7.bin";
    private static final long CRC = 0x1234_5678L;

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
    void shouldRecordTheChecksumOnTheUnchangedSourceAndOnTheTarget() {
        classifier.pipe(upsert(FILE, "nas", 500, 1));
        classifier.pipe(upsert(FILE, "nvme", 500, 2)); // the copy's event, here without a checksum
        pipeResult(MoveStatus.SUCCEEDED, MoveOp.COPY, precondition(500, 1));

        FileRecord published = classifier.latest().get(FILE);
        assertThat(crc(published, "nas")).isEqualTo(CRC);
        assertThat(crc(published, "nvme")).isEqualTo(CRC);
        assertThat(published.getVersion()).isEqualTo(3);
        assertThat(published.getDivergent()).isFalse();
    }

    @Test
    void shouldNotRecordTheChecksumOnASourceThatChangedSinceTheCommand() {
        classifier.pipe(upsert(FILE, "nas", 500, 1));
        classifier.pipe(upsert(FILE, "nvme", 500, 2));
        classifier.pipe(upsert(FILE, "nas", 640, 3)); // rewritten after the copy was planned
        pipeResult(MoveStatus.SUCCEEDED, MoveOp.COPY, precondition(500, 1));

        FileRecord record = lastRecord();
        assertThat(crc(record, "nas")).isNull();
        assertThat(crc(record, "nvme")).isEqualTo(CRC);
    }

    @Test
    void shouldNotRecordTheChecksumOnTheSourceOfAFailedMove() {
        classifier.pipe(upsert(FILE, "nas", 500, 1));
        classifier.metadata.readRecordsToList();
        pipeResult(MoveStatus.FAILED, MoveOp.COPY, precondition(500, 1));
        pipeResult(MoveStatus.SOURCE_CHANGED, MoveOp.MOVE, precondition(500, 1));

        assertThat(classifier.latest()).isEmpty();
    }

    @Test
    void shouldNotRecordTheChecksumOnTheSourceWhenTheResultLacksThePrecondition() {
        classifier.pipe(upsert(FILE, "nas", 500, 1));
        classifier.metadata.readRecordsToList();
        pipeResult(MoveStatus.SUCCEEDED, MoveOp.COPY, null);

        assertThat(classifier.latest()).isEmpty();
    }

    private void pipeResult(MoveStatus status, MoveOp op, Precondition expected) {
        classifier.moves.pipeInput(FILE, MoveResult.newBuilder().setCommandId("c1").setPath(FILE).setOp(op)
                .setSourceSilo("nas").setTargetSilo("nvme").setStatus(status).setBytes(500).setCrc32c(CRC)
                .setWorker("w").setFinishedAt(TestEvents.T0).setSourceExpected(expected).build());
    }

    private static Precondition precondition(long size, long n) {
        return new Precondition(size, TestEvents.T0.plusSeconds(n), null, null, 1L);
    }

    private FileRecord lastRecord() {
        byte[] stored = classifier.driver.<String, byte[]>getKeyValueStore(ClassifierTopology.FILES_STORE).get(FILE);
        return classifier.topics.metadata().valueSerde().deserializer().deserialize(Topics.METADATA, stored);
    }

    private static Long crc(FileRecord record, String silo) {
        return record.getInstances().stream().filter(i -> i.getSilo().equals(silo)).findFirst()
                .orElseThrow().getCrc32c();
    }
}
