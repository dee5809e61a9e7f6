package io.meridian.bench;

import io.meridian.storage.posix.PosixSiloStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One large file POSIX to POSIX: the mover's copy engine (128 KiB buffer, write-back started during the
 * copy, CRC32C of the bytes read and of the bytes written, fsync, atomic rename, directory fsync) against {@code cp}, and
 * against {@code cp} followed by {@code sync} of the copy, which is what the mover's durable commit
 * amounts to.
 */
final class MoverLargeBench implements Benchmark {
    private static final double MIB = 1 << 20;

    @Override
    public String name() {
        return "mover-large";
    }

    @Override
    public String description() {
        return "1 x 2 GiB file POSIX->POSIX: mover copy engine vs cp (and cp + sync) [GiB] [rounds]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        long size = (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 2) * (1L << 30));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("meridian-bench-mover-large");
        try {
            Path src = dir.resolve("src");
            MoverBenchSupport.writeFile(src.resolve("big.bin"), size, 1);
            MoverBenchSupport.sync();
            PosixSiloStore source = new PosixSiloStore("src", src);
            double[] mover = new double[rounds];
            double[] cp = new double[rounds];
            double[] cpSync = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Path cpDst = dir.resolve("cp-" + r);
                Files.createDirectories(cpDst);
                cp[r] = size / MIB / MoverBenchSupport.timeCommand(Map.of(), List.of(), "cp", "--reflink=never",
                        src.resolve("big.bin").toString(), cpDst.resolve("big.bin").toString());
                MoverBenchSupport.deleteTree(cpDst);
                // every copy starts after the previous one's writes and deletes are on disk: with `discard`
                // mounts, a delete's TRIM otherwise lands in the next copy's fsync
                MoverBenchSupport.sync();
                Files.createDirectories(cpDst);
                cpSync[r] = size / MIB / MoverBenchSupport.timeCommand(Map.of(), List.of(), "sh", "-c",
                        "cp --reflink=never \"$0\" \"$1\" && sync \"$1\"", src.resolve("big.bin").toString(),
                        cpDst.resolve("big.bin").toString());
                MoverBenchSupport.deleteTree(cpDst);
                MoverBenchSupport.sync();
                PosixSiloStore target = new PosixSiloStore("dst", dir.resolve("mover-" + r));
                mover[r] = size / MIB / MoverBenchSupport.copyAll(source, target, List.of("big.bin"), 1);
                MoverBenchSupport.deleteTree(dir.resolve("mover-" + r));
                MoverBenchSupport.sync();
            }
            String setup = String.format("1 file of %.1f GiB (random bytes), POSIX->POSIX on the same disk, source in the page "
                    + "cache. Meridian: the mover's copy engine called directly (CopyEngine + PosixSiloStore: one 128 KiB buffer, "
                    + "write-back started every 16 MiB during the copy, CRC32C of the bytes read and of the bytes written, fsync, atomic rename, "
                    + "directory fsync; no read-back, see PosixSiloStore), no Kafka. "
                    + "%d rounds, median; every copy starts after a `sync` of the previous one's writes and deletes.", size / (double) (1L << 30), rounds);
            return new Report(setup)
                    .add("large file copy", "MiB/s", Report.median(mover), Report.median(cp), "cp", "≥ 0.9x")
                    .add("large file copy, durable peer", "MiB/s", Report.median(mover), Report.median(cpSync),
                            "cp + sync FILE", "≥ 0.9x");
        } finally {
            MoverBenchSupport.deleteTree(dir);
        }
    }
}
