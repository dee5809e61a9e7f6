package io.meridian.movers;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.storage.ObjectStat;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the FileEvents a mover publishes for the instances it creates and removes, ordered by {@link Sequencer}. */
final class InstanceEvents {
    private final AtomicLong counter = new AtomicLong();

    FileEvent added(String path, String silo, ObjectStat stat, long crc32c) {
        Instant now = Instant.now();
        return FileEvent.newBuilder().setPath(path).setSilo(silo).setType(FileEventType.UPSERT).setFileType(FileType.FILE)
                .setSize(stat.size()).setMtime(Instant.ofEpochMilli(stat.mtimeMillis())).setMode(stat.mode())
                .setFileKey(stat.fileKey()).setEtag(stat.etag()).setCrc32c(crc32c)
                .setSequencer(Sequencer.of(now, counter.incrementAndGet())).setSource(EventSource.MOVER)
                .setObservedAt(now).build();
    }

    FileEvent removed(String path, String silo) {
        Instant now = Instant.now();
        return FileEvent.newBuilder().setPath(path).setSilo(silo).setType(FileEventType.DELETE).setFileType(FileType.FILE)
                .setSize(0).setMtime(now).setSequencer(Sequencer.of(now, counter.incrementAndGet()))
                .setSource(EventSource.MOVER).setObservedAt(now).build();
    }
}
