package io.meridian.storage.posix;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.storage.PendingWrite;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confinement check cannot be raced (DESIGN.md invariant 9): while one thread keeps swapping a
 * directory of the silo for a symlink to a directory outside it and back, other threads read, write,
 * stat, list and delete keys below it. Whatever fails, nothing outside may be read, created, changed
 * or deleted.
 */
@Timeout(60)
class PosixConfinementRaceTest {
    private static final long RUN_MILLIS = 3_000;
    private static final int KEYS = 6;

    @TempDir
    Path dir;

    @Test
    void shouldNeverTouchAnythingOutsideTheRootWhileADirectoryIsSwappedForASymlink() throws Exception {
        long seed = System.nanoTime();
        System.out.println("PosixConfinementRaceTest seed " + seed);
        Path root = Files.createDirectories(dir.resolve("nas"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        for (int i = 0; i < KEYS; i++) {
            // the same names inside and outside: any followed path would hit an outside file
            Files.createDirectories(root.resolve("d/sub"));
            Files.writeString(root.resolve("d/f" + i), "inside " + i);
            Files.writeString(root.resolve("d/sub/f" + i), "inside " + i);
            Files.createDirectories(outside.resolve("sub"));
            Files.writeString(outside.resolve("f" + i), "OUTSIDE " + i);
            Files.writeString(outside.resolve("sub/f" + i), "OUTSIDE " + i);
            Files.writeString(outside.resolve("new" + i), "OUTSIDE " + i);
        }
        Map<String, String> before = PosixConfinementTest.snapshot(outside);
        PosixSiloStore store = new PosixSiloStore("nas", root);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
        AtomicLong operations = new AtomicLong();
        AtomicLong swaps = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> swapper = pool.submit(() -> swap(root, outside, stop, swaps));
            List<Future<?>> workers = List.of(
                    pool.submit(() -> work(store, new Random(seed), stop, leaks, operations)),
                    pool.submit(() -> work(store, new Random(seed + 1), stop, leaks, operations)),
                    pool.submit(() -> work(store, new Random(seed + 2), stop, leaks, operations)));
            Thread.sleep(RUN_MILLIS);
            stop.set(true);
            swapper.get(10, TimeUnit.SECONDS);
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        System.out.println("PosixConfinementRaceTest: " + operations.get() + " operations during " + swaps.get() + " swaps");
        assertThat(swaps.get()).as("the race ran").isPositive();
        assertThat(leaks).as("bytes read from outside the root (seed " + seed + ")").isEmpty();
        assertThat(PosixConfinementTest.snapshot(outside)).as("outside the root (seed " + seed + ")").isEqualTo(before);
    }

    /**
     * Renames d away, puts a symlink to the outside directory in its place, and back, until stopped. A
     * writer may make a new d (inside the root) in the instant d is missing: that one is swapped next.
     */
    private static Void swap(Path root, Path outside, AtomicBoolean stop, AtomicLong swaps) throws IOException {
        Path d = root.resolve("d");
        for (long n = 0; !stop.get(); n++) {
            Path away = root.resolve("d.away" + n);
            try {
                Files.move(d, away);
                Files.createSymbolicLink(d, outside);
                Thread.onSpinWait();
                Files.delete(d);
                Files.move(away, d);
                swaps.incrementAndGet();
            } catch (FileSystemException remadeByAWriter) {
                // d was made again between two steps: carry on with whatever d is now
            }
        }
        return null;
    }

    private static Void work(PosixSiloStore store, Random random, AtomicBoolean stop, ConcurrentLinkedQueue<String> leaks,
                             AtomicLong operations) {
        while (!stop.get()) {
            int i = random.nextInt(KEYS);
            String dirKey = random.nextBoolean() ? "d/" : "d/sub/";
            try {
                switch (random.nextInt(5)) {
                    case 0 -> checkRead(store, dirKey + "f" + i, leaks);
                    case 1 -> write(store, dirKey + "new" + i);
                    case 2 -> store.delete(dirKey + "new" + i);
                    case 3 -> store.stat(dirKey + "f" + i);
                    default -> store.list("d/", stat -> { });
                }
            } catch (IOException | RuntimeException refusedOrRaced) {
                // refusals and vanished files are expected while the directory is a symlink
            }
            operations.incrementAndGet();
        }
        return null;
    }

    private static void checkRead(PosixSiloStore store, String key, ConcurrentLinkedQueue<String> leaks) throws IOException {
        try (InputStream in = store.open(key, 0, -1)) {
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (content.startsWith("OUTSIDE")) {
                leaks.add(key + " read '" + content + "'");
            }
        }
    }

    private static void write(PosixSiloStore store, String key) throws IOException {
        try (PendingWrite write = store.create(key, WriteOptions.defaults())) {
            write.write(ByteBuffer.wrap(("written " + key).getBytes(StandardCharsets.UTF_8)));
            write.persistedCrc32c();
            write.commit();
        }
    }
}
