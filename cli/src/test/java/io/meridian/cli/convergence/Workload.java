package io.meridian.cli.convergence;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One seed's random operations in its namespace: creates, overwrites, appends, renames and deletes on
 * the three silos (files under {@code hot/}, {@code cold/} and {@code misc/}, so that both policies act
 * on them while the operations run; names of deleted files are reused), and hook events for files that do not exist. Choices come from the
 * seed alone; what an operation finds depends on what movers did meanwhile (a file moved away is
 * written again on append, and not renamed), so a replay runs the same operations, not the same
 * interleaving.
 */
final class Workload {
    private static final List<String> SILOS = List.of(ConvergenceStack.NAS, ConvergenceStack.NVME, ConvergenceStack.ARCHIVE);
    private static final List<String> DIRS = List.of("hot", "cold", "misc");
    private static final int MAX_PAUSE_MILLIS = 25;

    private final Random random;
    private final String namespace;
    private final SiloWriter writer;
    private final FileModel model;
    private final List<FileModel.Live> removed = new ArrayList<>();
    private int names;
    private int operations;
    private int skipped;

    Workload(Random random, String namespace, SiloWriter writer, FileModel model) {
        this.random = random;
        this.namespace = namespace;
        this.writer = writer;
        this.model = model;
    }

    /** Runs one random operation, then pauses up to 25 ms so that watchers and movers interleave. */
    void step() throws Exception {
        int roll = random.nextInt(100);
        operations++;
        if (roll < 30 || model.isEmpty()) {
            model.begin("#" + operations + " create");
            create();
        } else if (roll < 45) {
            model.begin("#" + operations + " overwrite");
            FileModel.Live file = pickLive();
            write(file.silo(), file.key(), content());
        } else if (roll < 57) {
            model.begin("#" + operations + " append");
            append(pickLive());
        } else if (roll < 72) {
            model.begin("#" + operations + " rename");
            rename(pickLive());
        } else if (roll < 85) {
            model.begin("#" + operations + " delete");
            FileModel.Live file = pickLive();
            writer.delete(file.silo(), file.key());
            model.removed(file.path());
            removed.add(file);
        } else {
            model.begin("#" + operations + " hook");
            String key = namespace + "/" + pick(DIRS) + "/ghost-" + names++ + ".bin";
            String silo = pick(SILOS);
            writer.ghost(silo, key, 1 + random.nextInt(4096));
            model.ghost(silo, ConvergenceStack.MOUNT + "/" + key);
        }
        Thread.sleep(random.nextInt(MAX_PAUSE_MILLIS));
    }

    /** Operations that found their file moved away and were not done. */
    int skipped() {
        return skipped;
    }

    /**
     * A new file; one in four reuses the name of a file deleted before in the same silo, so that its
     * events (an S3 PUT, DELETE and PUT of one key) can arrive in any order.
     */
    private void create() throws Exception {
        if (!removed.isEmpty() && random.nextInt(4) == 0) {
            FileModel.Live again = removed.remove(random.nextInt(removed.size()));
            write(again.silo(), again.key(), content());
        } else {
            write(pick(SILOS), newKey(), content());
        }
    }

    private void write(String silo, String key, byte[] content) throws Exception {
        writer.write(silo, key, content);
        model.wrote(silo, key, content);
    }

    private void append(FileModel.Live file) throws Exception {
        byte[] tail = content();
        byte[] whole = new byte[file.content().length + tail.length];
        System.arraycopy(file.content(), 0, whole, 0, file.content().length);
        System.arraycopy(tail, 0, whole, file.content().length, tail.length);
        if (file.silo().equals(ConvergenceStack.ARCHIVE) || !writer.append(file.silo(), file.key(), tail)) {
            writer.write(file.silo(), file.key(), whole);
        }
        model.wrote(file.silo(), file.key(), whole);
    }

    private void rename(FileModel.Live file) throws Exception {
        String to = newKey();
        if (writer.rename(file.silo(), file.key(), to)) {
            model.removed(file.path());
            removed.add(file);
            model.wrote(file.silo(), to, file.content());
        } else {
            skipped++;
        }
    }

    private String newKey() {
        return namespace + "/" + pick(DIRS) + "/f" + names++ + ".bin";
    }

    /** Mostly 1 byte to 64 KiB; one in twenty up to 2 MiB, so that some copies are in flight for a while. */
    private byte[] content() {
        int size = random.nextInt(20) == 0 ? 1 + random.nextInt(2 << 20) : 1 + random.nextInt(64 << 10);
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    private FileModel.Live pickLive() {
        return pick(model.live());
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
