package io.meridian.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 item 4, through the topology: what a mover verified about its copy in S3 (the source's
 * mtime and mode, the CRC32C) survives the listings of that copy while its ETag is unchanged, and a
 * new ETag clears the CRC32C.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VerifiedAttributesTest {
    private static final String FILE = "/datasets/train/part-9.bin";
    private static final Instant SOURCE_MTIME = Instant.ofEpochMilli(1_796_448_687_000L);
    private static final Instant UPLOADED = Instant.ofEpochMilli(1_796_448_636_998L);
    private static final long CRC = 0xCAFE_F00DL;

    @TempDir
    Path stateDir;
    ClassifierDriver classifier;

    @BeforeEach
    void start() {
        classifier = new ClassifierDriver(stateDir, List.of(), false, "nas", "archive");
    }

    @AfterEach
    void stop() {
        classifier.close();
    }

    @Test
    void shouldKeepTheSourceMtimeModeAndCrcWhenAListingReportsTheSameEtag() {
        classifier.pipe(moverCopy("etag-1", 1));
        classifier.pipe(listing("etag-1", 2));
        classifier.pipe(listing("etag-1", 3));

        FileRecord record = classifier.latest().get(FILE);
        Instance archive = instance(record, "archive");
        assertThat(archive.getMtime()).isEqualTo(SOURCE_MTIME);
        assertThat(archive.getCrc32c()).isEqualTo(CRC);
        assertThat(archive.getSequencer()).isEqualTo(TestEvents.seq(3));
        assertThat(record.getMode()).isEqualTo(0640);
    }

    @Test
    void shouldClearTheCrcWhenTheObjectGetsANewEtag() {
        classifier.pipe(moverCopy("etag-1", 1));
        classifier.pipe(listing("etag-1", 2));
        classifier.pipe(listing("etag-2", 3)); // overwritten by another S3 client

        Instance archive = instance(classifier.latest().get(FILE), "archive");
        assertThat(archive.getCrc32c()).isNull();
        assertThat(archive.getMtime()).isEqualTo(UPLOADED.plusSeconds(1));
        assertThat(archive.getEtag()).isEqualTo("etag-2");
    }

    @Test
    void shouldAddTheMoversAttributesWhenItsEventArrivesAfterANewerListing() {
        classifier.pipe(listing("etag-1", 2));
        classifier.pipe(moverCopy("etag-1", 1));

        Instance archive = instance(classifier.latest().get(FILE), "archive");
        assertThat(archive.getCrc32c()).isEqualTo(CRC);
        assertThat(archive.getMtime()).isEqualTo(SOURCE_MTIME);
        assertThat(archive.getSequencer()).isEqualTo(TestEvents.seq(2));
    }

    @Test
    void shouldNotLetAnOlderMoverEventOfOtherContentChangeTheInstance() {
        classifier.pipe(listing("etag-2", 2));
        classifier.metadata.readRecordsToList();
        classifier.pipe(moverCopy("etag-1", 1));

        assertThat(classifier.latest()).isEmpty();
        assertThat(classifier.counters.staleDropped()).isEqualTo(1);
    }

    private static FileEvent moverCopy(String etag, long n) {
        return TestEvents.event(FILE, "archive", FileEventType.UPSERT, 4096, n).setMtime(SOURCE_MTIME).setMode(0640)
                .setEtag(etag).setCrc32c(CRC).setSource(EventSource.MOVER).build();
    }

    private static FileEvent listing(String etag, long n) {
        return TestEvents.event(FILE, "archive", FileEventType.UPSERT, 4096, n).setMtime(UPLOADED.plusSeconds(n - 2))
                .setEtag(etag).setSource(EventSource.S3_LIST).build();
    }

    private static Instance instance(FileRecord record, String silo) {
        return record.getInstances().stream().filter(i -> i.getSilo().equals(silo)).findFirst().orElseThrow();
    }
}
