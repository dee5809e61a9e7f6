package io.meridian.classifier.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The merge rule of invariant 10 as a property: for any interleaving of listing (or scan) events and
 * mover events of one instance, the instance ends as its newest observation, with the verified CRC32C
 * (and the mtime it came with) iff a mover verified the content that observation saw: same ETag on S3,
 * same size and mtime on POSIX. A new ETag, size or mtime clears it.
 */
class VerifiedMergePropertyTest {
    private static final String PATH = "/datasets/a.bin";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One content version of the instance: what listings see, and whether a mover wrote (and verified) it. */
    record Version(long size, boolean moverWrote, int listings) {
    }

    @Property(tries = 500)
    void verifiedCrcIsKeptIffTheContentIsUnchanged(@ForAll("versions") List<Version> versions, @ForAll boolean s3,
                                                   @ForAll long seed) {
        List<FileEvent> events = events(versions, s3);
        Collections.shuffle(events, new Random(seed));
        List<Instance> instances = new ArrayList<>();
        Map<String, String> deletes = new HashMap<>();
        events.forEach(e -> InstanceMerge.apply(instances, deletes, e));

        int last = versions.size() - 1;
        Version newest = versions.get(last);
        Instance instance = instances.get(0);
        assertThat(instance.getSequencer()).isEqualTo(events.stream().map(FileEvent::getSequencer)
                .max(Sequencer::compare).orElseThrow());
        assertThat(instance.getSize()).isEqualTo(newest.size());
        if (newest.moverWrote()) {
            assertThat(instance.getCrc32c()).isEqualTo(crc(last));
            assertThat(instance.getMtime()).isEqualTo(sourceMtime(last));
        } else {
            assertThat(instance.getCrc32c()).isNull();
        }
    }

    @Provide
    Arbitrary<List<Version>> versions() {
        Arbitrary<Version> version = Combinators.combine(Arbitraries.longs().between(0, 3), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3)).as(Version::new).filter(v -> v.moverWrote() || v.listings() > 0);
        return version.list().ofMinSize(1).ofMaxSize(5);
    }

    /**
     * Events in sequencer order: per version the mover's event (if any) first, then its listings.
     * On S3 each version has its own ETag and listings report the upload time as mtime; on POSIX there
     * is no ETag and each version has its own mtime (a new version may keep the size).
     */
    private static List<FileEvent> events(List<Version> versions, boolean s3) {
        List<FileEvent> events = new ArrayList<>();
        long n = 0;
        for (int v = 0; v < versions.size(); v++) {
            Version version = versions.get(v);
            if (version.moverWrote()) {
                events.add(event(v, version, s3, ++n, sourceMtime(v), crc(v), EventSource.MOVER));
            }
            for (int l = 0; l < version.listings(); l++) {
                ++n;
                Instant listed = s3 ? T0.plusSeconds(1000 + n) : sourceMtime(v);
                events.add(event(v, version, s3, n, listed, null, s3 ? EventSource.S3_LIST : EventSource.POSIX_SCAN));
            }
        }
        return events;
    }

    private static FileEvent event(int v, Version version, boolean s3, long n, Instant mtime, Long crc, EventSource source) {
        Instant observed = T0.plusSeconds(n);
        return FileEvent.newBuilder().setPath(PATH).setSilo("archive").setType(FileEventType.UPSERT)
                .setFileType(FileType.FILE).setSize(version.size()).setMtime(mtime).setEtag(s3 ? "etag-" + v : null)
                .setCrc32c(crc).setSequencer(Sequencer.of(observed, n)).setSource(source).setObservedAt(observed).build();
    }

    private static Instant sourceMtime(int version) {
        return T0.plusMillis(version * 7 + 1);
    }

    private static long crc(int version) {
        return 0x1000L + version;
    }
}
