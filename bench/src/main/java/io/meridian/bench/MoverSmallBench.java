package io.meridian.bench;

import io.meridian.storage.posix.PosixSiloStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Many small files POSIX to POSIX: the mover's copy engine on several worker threads against
 * {@code rsync -a}, and against {@code rsync -a --fsync} (durable like the mover's commits).
 */
final class MoverSmallBench implements Benchmark {
    static final int THREADS = 8;

    @Override
    public String name() {
        return "mover-small";
    }

    @Override
    public String description() {
        return "20,000 x 16 KiB files POSIX->POSIX: mover copy engine (8 workers) vs rsync -a [files] [rounds]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("meridian-bench-mover-small");
        try {
            Path src = dir.resolve("src");
            List<String> keys = MoverBenchSupport.writeSmallFiles(src, files, 16 * 1024);
            MoverBenchSupport.sync();
            PosixSiloStore source = new PosixSiloStore("src", src);
            double[] mover = new double[rounds];
            double[] rsync = new double[rounds];
            double[] rsyncFsync = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                rsync[r] = files / MoverBenchSupport.timeCommand(Map.of(), List.of(), "rsync", "-a", src + "/",
                        dir.resolve("rsync-" + r) + "/");
                MoverBenchSupport.sync();
                MoverBenchSupport.deleteTree(dir.resolve("rsync-" + r));
                rsyncFsync[r] = files / MoverBenchSupport.timeCommand(Map.of(), List.of(), "rsync", "-a", "--fsync",
                        src + "/", dir.resolve("rsyncf-" + r) + "/");
                MoverBenchSupport.deleteTree(dir.resolve("rsyncf-" + r));
                PosixSiloStore target = new PosixSiloStore("dst", dir.resolve("mover-" + r));
                mover[r] = files / MoverBenchSupport.copyAll(source, target, keys, THREADS);
                MoverBenchSupport.sync();
                MoverBenchSupport.deleteTree(dir.resolve("mover-" + r));
            }
            String setup = String.format("%,d files of 16 KiB in 100 directories, POSIX->POSIX on the same disk, source in the "
                    + "page cache. Meridian: the mover's copy engine called directly (CopyEngine + PosixSiloStore) on %d "
                    + "threads, each file streamed with CRC32C, fsync-ed, renamed and its directory fsync-ed (fsyncs of one "
                    + "directory shared by concurrent commits); "
                    + "no Kafka. %d rounds, median.", files, THREADS, rounds);
            return new Report(setup)
                    .add("small files copy", "files/s", Report.median(mover), Report.median(rsync), "rsync -a", "≥ 1.5x")
                    .add("small files copy, durable peer", "files/s", Report.median(mover), Report.median(rsyncFsync),
                            "rsync -a --fsync", "≥ 1.5x");
        } finally {
            MoverBenchSupport.deleteTree(dir);
        }
    }
}
