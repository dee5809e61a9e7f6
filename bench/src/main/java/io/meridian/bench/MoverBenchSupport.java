package io.meridian.bench;

import io.meridian.movers.CopyEngine;
import io.meridian.storage.SiloStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * What the mover benchmarks share: incompressible data sets on disk, the mover's copy engine driven
 * directly over a list of keys by a few worker threads (as a mover process runs its workers), peer
 * commands timed as child processes, and cleanup.
 */
final class MoverBenchSupport {
    static final int BUFFER = io.meridian.movers.MoverSettings.DEFAULT_BUFFER_SIZE;

    private MoverBenchSupport() {
    }

    /** Writes one file of {@code size} random bytes. */
    static void writeFile(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[(int) Math.min(size, 1 << 20)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8 && i + b < chunk.length; b++) {
                        chunk[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    /** Writes {@code count} files of {@code size} bytes in 100 directories; returns their keys. */
    static List<String> writeSmallFiles(Path root, int count, int size) throws IOException {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = String.format("d%02d/f%06d.bin", i % 100, i);
            writeFile(root.resolve(key), size, i);
            keys.add(key);
        }
        return keys;
    }

    /** Copies every key with the mover's copy engine on {@code threads} threads; returns seconds. */
    static double copyAll(SiloStore source, SiloStore target, List<String> keys, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<CopyEngine> engines = ThreadLocal.withInitial(() -> new CopyEngine(BUFFER));
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<String> slice : slices(keys, threads)) {
                done.add(pool.submit(() -> {
                    for (String key : slice) {
                        CopyEngine.Copied copied = engines.get().copy(source, key, target, key, null);
                        if (copied.alreadyPresent()) {
                            throw new IllegalStateException(key + " was already present: the target was not empty");
                        }
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
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<List<String>> slices(List<String> keys, int n) {
        List<List<String>> slices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slices.add(new ArrayList<>());
        }
        for (int i = 0; i < keys.size(); i++) {
            slices.get(i % n).add(keys.get(i));
        }
        return slices;
    }

    /** Runs a peer command to completion; returns seconds. */
    static double timeCommand(Map<String, String> env, List<String> unset, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        unset.forEach(builder.environment()::remove);
        long start = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
        return seconds;
    }

    /** Flushes dirty pages so that one run's writeback does not slow the next one down. */
    static void sync() throws Exception {
        timeCommand(Map.of(), List.of(), "sync");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
