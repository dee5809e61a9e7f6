package io.meridian.classifier;

import io.meridian.events.Sequencer;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import io.meridian.schemas.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of the classifier's inputs for tests; sequencer {@code n} means observed at second n. */
final class TestEvents {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestEvents() {
    }

    static String seq(long n) {
        return Sequencer.of(T0.plusSeconds(n), n);
    }

    static FileEvent upsert(String path, String silo, long size, long n) {
        return event(path, silo, FileEventType.UPSERT, size, n).build();
    }

    static FileEvent delete(String path, String silo, long n) {
        return event(path, silo, FileEventType.DELETE, 0, n).build();
    }

    static FileEvent rename(String from, String to, String silo, long size, long n) {
        return event(to, silo, FileEventType.RENAME, size, n).setPreviousPath(from).build();
    }

    static FileEvent.Builder event(String path, String silo, FileEventType type, long size, long n) {
        return FileEvent.newBuilder().setPath(path).setSilo(silo).setType(type).setSize(size)
                .setMtime(T0.plusSeconds(n)).setSequencer(seq(n)).setObservedAt(T0.plusSeconds(n))
                .setSource(io.meridian.schemas.EventSource.HOOK);
    }

    static TagCommand setTags(String path, Map<String, String> tags, String actor) {
        return TagCommand.newBuilder().setPath(path).setOp(TagOp.SET).setTags(tags).setKeys(List.of())
                .setActor(actor).setAt(T0).setCommandId(UUID.randomUUID().toString()).build();
    }

    static TagCommand removeTags(String path, List<String> keys, String actor) {
        return TagCommand.newBuilder().setPath(path).setOp(TagOp.REMOVE).setTags(Map.of()).setKeys(keys)
                .setActor(actor).setAt(T0).setCommandId(UUID.randomUUID().toString()).build();
    }

    static Silo silo(String id) {
        return Silo.newBuilder().setId(id).setKind(SiloKind.POSIX).setMount("/datasets").setSite("onprem")
                .setTier(Tier.CAPACITY).setRoot("/srv/" + id).setCapacityBytes(1L << 40).build();
    }
}
