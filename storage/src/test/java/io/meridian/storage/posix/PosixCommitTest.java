package io.meridian.storage.posix;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.storage.Crc32cs;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.WriteOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PosixCommitTest {
    @TempDir
    Path root;

    @Test
    void shouldCommitConcurrentWritesIntoOneDirectorySharingItsFsyncs() throws Exception {
        PosixSiloStore store = new PosixSiloStore("nas", root);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        write(store, "shared/f-" + thread + "-" + i, "content " + thread + "/" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(root.resolve("shared"))) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(180).noneMatch(n -> n.startsWith(SiloStore.TEMP_PREFIX));
        }
        assertThat(Files.readString(root.resolve("shared/f-7-3"))).isEqualTo("content 7/3");
        assertThat(DirectorySync.tracked()).isZero();
    }

    @Test
    void shouldKeepEveryByteOfALargeWriteWhoseWriteBackStartsWhileItIsWritten() throws Exception {
        byte[] data = new byte[(int) (EarlyFlush.STEP * 3 + 12_345)];
        new java.util.Random(11).nextBytes(data);
        PosixSiloStore store = new PosixSiloStore("nas", root);
        try (PendingWrite write = store.create("big/file.bin", new WriteOptions(null, null, data.length, null))) {
            for (int at = 0; at < data.length; at += 128 * 1024) {
                write.write(ByteBuffer.wrap(data, at, Math.min(128 * 1024, data.length - at)));
            }
            assertThat(write.persistedCrc32c()).isEqualTo(Crc32cs.of(data));
            write.commit();
        }
        assertThat(Files.readAllBytes(root.resolve("big/file.bin"))).isEqualTo(data);
    }

    @Test
    void shouldReportTheCrcOfWhatTheFileSystemHoldsWhenReadingBack() throws Exception {
        byte[] data = "the bytes handed to write(2)".getBytes(StandardCharsets.UTF_8);
        long[] reported = new long[2];
        boolean[] modes = {false, true};
        for (int m = 0; m < 2; m++) {
            PosixSiloStore store = new PosixSiloStore("nas", root.resolve("mode" + m), modes[m]);
            try (PendingWrite write = store.create("f", WriteOptions.defaults())) {
                write.write(ByteBuffer.wrap(data));
                alterTempFile(root.resolve("mode" + m)); // a store that changes bytes below the writer's view
                reported[m] = write.persistedCrc32c();
            }
        }
        byte[] altered = data.clone();
        altered[0] = 'T';
        assertThat(reported[0]).as("trusted: the CRC32C of the bytes written").isEqualTo(Crc32cs.of(data));
        assertThat(reported[1]).as("read back: the CRC32C of what the file system returns").isEqualTo(Crc32cs.of(altered));
    }

    private static void alterTempFile(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            Path temp = files.filter(p -> p.getFileName().toString().startsWith(SiloStore.TEMP_PREFIX)).findFirst().orElseThrow();
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {'T'}), 0);
            }
        }
    }

    @Test
    void shouldLetWritersRacingToMakeTheSameNewDirectoryAllCommit() throws Exception {
        PosixSiloStore store = new PosixSiloStore("nas", root);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 300; round++) {
                // every writer's first write goes into the same directory that does not exist yet, so they
                // all make it at once (renameat of an empty directory replaces it: one writer's may vanish)
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < writers; t++) {
                    String key = "r" + round + "/new/f-" + t;
                    done.add(pool.submit(() -> {
                        start.await();
                        write(store, key, key);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                try (Stream<Path> files = Files.list(root.resolve("r" + round + "/new"))) {
                    assertThat(files.count()).isEqualTo(writers);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void write(PosixSiloStore store, String key, String content) throws Exception {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        try (PendingWrite write = store.create(key, WriteOptions.defaults())) {
            write.write(ByteBuffer.wrap(data));
            assertThat(write.persistedCrc32c()).isEqualTo(Crc32cs.of(data));
            write.commit();
        }
    }
}
