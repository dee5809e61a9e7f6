package io.meridian.movers;

import io.meridian.schemas.Precondition;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Test data: random content, objects put into stores, preconditions from a stat, leftover checks. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static ObjectStat put(SiloStore store, String key, byte[] data, long mtime) throws IOException {
        try (PendingWrite write = store.create(key, new WriteOptions(mtime, 0644, data.length, null))) {
            write.write(ByteBuffer.wrap(data));
            write.persistedCrc32c();
            write.commit();
        }
        return store.stat(key).orElseThrow();
    }

    static Precondition expect(ObjectStat stat) {
        return Precondition.newBuilder().setSize(stat.size()).setMtime(Instant.ofEpochMilli(stat.mtimeMillis()))
                .setEtag(stat.etag()).setCrc32c(null).setRecordVersion(1).build();
    }

    static byte[] read(SiloStore store, String key) throws IOException {
        try (var in = store.open(key, 0, -1)) {
            return in.readAllBytes();
        }
    }

    /** Every {@code .meridian-tmp-*} file under a directory. */
    static List<Path> temps(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith(SiloStore.TEMP_PREFIX)).toList());
        }
    }
}
