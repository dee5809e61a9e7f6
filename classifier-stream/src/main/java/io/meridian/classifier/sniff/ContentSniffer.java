package io.meridian.classifier.sniff;

import io.meridian.config.SiloConfig;
import io.meridian.expr.ContentTag;
import io.meridian.expr.FileFacts;
import io.meridian.namespace.SiloLocations;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import io.meridian.storage.Keys;
import io.meridian.storage.SiloStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which files need sniffing and reads their first bytes, within the bounds of
 * {@link SniffSettings}: at most {@code maxBytes} per file, and files and bytes per second through two
 * token buckets shared by every caller. A file needs sniffing when no present instance has the mtime
 * its {@link ContentTag} was recorded for (never sniffed, or rewritten since); the answer is the tag
 * command that records the format, dated with the mtime of the content read.
 *
 * <p>Thread-safe; {@link #sniff} blocks while the rate is used up, so call it off the stream thread.
 */
public final class ContentSniffer {
    private final Map<String, SiloConfig> silos;
    private final Map<String, SiloStore> stores;
    private final int maxBytes;
    private final TokenBucket files;
    private final TokenBucket bytes;

    /**
     * @param silos  the configured silos by id
     * @param stores an open store per silo id; the caller closes them
     */
    public ContentSniffer(Map<String, SiloConfig> silos, Map<String, SiloStore> stores, SniffSettings settings) {
        this(silos, stores, settings.maxBytes(), TokenBucket.perSecond(settings.filesPerSecond(), settings.filesPerSecond()),
                TokenBucket.perSecond(settings.bytesPerSecond(), settings.bytesPerSecond()));
    }

    ContentSniffer(Map<String, SiloConfig> silos, Map<String, SiloStore> stores, int maxBytes, TokenBucket files, TokenBucket bytes) {
        this.silos = Map.copyOf(silos);
        this.stores = Map.copyOf(stores);
        this.maxBytes = maxBytes;
        this.files = files;
        this.bytes = bytes;
    }

    /**
     * The instance to read when the record's content tag does not describe its current content, else
     * empty: of the present instances on silos it can read, the current one ({@link FileFacts#CURRENT_FIRST}).
     */
    public Optional<Instance> due(FileRecord record) {
        List<Instance> present = record.getInstances().stream()
                .filter(i -> i.getState() == InstanceState.PRESENT && stores.containsKey(i.getSilo())).toList();
        Tag tag = record.getTags().get(ContentTag.KEY);
        boolean current = tag != null && tag.getInheritedFrom() == null
                && present.stream().anyMatch(i -> i.getMtime().equals(tag.getSetAt()));
        return current ? Optional.empty() : present.stream().max(FileFacts.CURRENT_FIRST);
    }

    /**
     * Reads the first bytes of {@code instance} of {@code path} and returns the command recording their
     * format; empty when the file is no longer there (its delete event will follow).
     *
     * @throws IOException when the silo cannot be read, or the path does not map to a key of the silo
     */
    public Optional<TagCommand> sniff(String path, Instance instance) throws IOException, InterruptedException {
        String key = keyOf(path, instance.getSilo());
        int length = (int) Math.min(maxBytes, Math.max(instance.getSize(), 0));
        files.acquire(1);
        bytes.acquire(Math.max(length, 1));
        byte[] head;
        try (InputStream in = stores.get(instance.getSilo()).open(key, 0, length)) {
            head = in.readNBytes(length);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String format = MagicBytes.detect(head, head.length);
        return Optional.of(TagCommand.newBuilder().setPath(path).setOp(TagOp.SET)
                .setTags(Map.of(ContentTag.KEY, format.isEmpty() ? ContentTag.UNKNOWN : format)).setKeys(List.of())
                .setActor(ContentTag.ACTOR).setAt(instance.getMtime())
                .setCommandId("sniff:" + instance.getSilo() + ":" + instance.getMtime().toEpochMilli() + ":" + path)
                .build());
    }

    private String keyOf(String path, String siloId) throws IOException {
        SiloConfig silo = silos.get(siloId);
        if (silo == null || !SiloLocations.covers(silo.mount(), path)) {
            throw new IOException("path " + path + " is not below the mount of silo " + siloId);
        }
        try {
            return Keys.check(SiloLocations.relative(silo.mount(), path));
        } catch (IllegalArgumentException e) {
            throw new IOException("path " + path + " has no valid key in silo " + siloId + ": " + e.getMessage(), e);
        }
    }
}
