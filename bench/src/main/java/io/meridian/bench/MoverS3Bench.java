package io.meridian.bench;

import io.meridian.config.S3Endpoint;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.storage.S3Clients;
import io.meridian.storage.SiloStores;
import io.meridian.storage.posix.PosixSiloStore;
import io.meridian.storage.s3.S3SiloStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * POSIX to S3 (the embedded S3Proxy over its filesystem backend): the mover's copy engine against
 * {@code rclone copy} to the same endpoint and bucket, for one large file and for many small ones.
 */
final class MoverS3Bench implements Benchmark {
    private static final double MIB = 1 << 20;
    private static final String BUCKET = "bench";

    @Override
    public String name() {
        return "mover-s3";
    }

    @Override
    public String description() {
        return "POSIX->S3 (S3Proxy filesystem backend): mover copy engine vs rclone copy, 2 GiB file and 20,000 x 16 KiB "
                + "[GiB] [files] [rounds]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        long size = (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 2) * (1L << 30));
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("meridian-bench-mover-s3");
        try (EmbeddedS3 s3 = EmbeddedS3.builder().baseDir(dir.resolve("s3")).port(0).build().start()) {
            s3.createBucket(BUCKET);
            MoverBenchSupport.writeFile(dir.resolve("large/big.bin"), size, 1);
            List<String> keys = MoverBenchSupport.writeSmallFiles(dir.resolve("small"), files, 16 * 1024);
            MoverBenchSupport.sync();
            S3Endpoint endpoint = new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey());
            Map<String, String> rclone = Map.of("RCLONE_CONFIG_BENCH_TYPE", "s3", "RCLONE_CONFIG_BENCH_PROVIDER", "Other",
                    "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", s3.accessKey(), "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", s3.secretKey(),
                    "RCLONE_CONFIG_BENCH_ENDPOINT", s3.endpoint(), "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true",
                    "RCLONE_CONFIG_BENCH_REGION", "us-east-1", "RCLONE_CONFIG", "/dev/null");
            double[] moverLarge = new double[rounds];
            double[] rcloneLarge = new double[rounds];
            double[] moverSmall = new double[rounds];
            double[] rcloneSmall = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                rcloneLarge[r] = size / MIB / rclone(rclone, dir.resolve("large"), "rclone-large-" + r);
                moverLarge[r] = size / MIB / copy(endpoint, dir.resolve("large"), "mover-large-" + r, List.of("big.bin"), 1);
                rcloneSmall[r] = files / rclone(rclone, dir.resolve("small"), "rclone-small-" + r);
                moverSmall[r] = files / copy(endpoint, dir.resolve("small"), "mover-small-" + r, keys, MoverSmallBench.THREADS);
                MoverBenchSupport.deleteTree(dir.resolve("s3").resolve(BUCKET));
                s3.createBucket(BUCKET);
            }
            String setup = String.format("POSIX -> S3 on the embedded S3Proxy (filesystem-nio2 backend, same disk), same "
                    + "endpoint and bucket for both. Meridian: the mover's copy engine called directly (CopyEngine + "
                    + "S3SiloStore: %d MiB parts, %d in flight; %d threads for small files; CRC32C while streaming, "
                    + "multipart completed after verification; "
                    + "HTTP: TCP_NODELAY, up to %d requests per host), no Kafka. Peer: `rclone copy` with default settings "
                    + "(%s). %.1f GiB file; %,d x 16 KiB files. %d round(s), median.",
                    SiloStores.DEFAULT_PART_SIZE >> 20, SiloStores.DEFAULT_PARALLEL_PARTS, MoverSmallBench.THREADS,
                    S3Clients.MAX_REQUESTS_PER_HOST,
                    version(), size / (double) (1L << 30), files, rounds);
            return new Report(setup)
                    .add("large file to S3", "MiB/s", Report.median(moverLarge), Report.median(rcloneLarge), "rclone copy", "≥ 1.0x")
                    .add("small files to S3", "files/s", Report.median(moverSmall), Report.median(rcloneSmall), "rclone copy",
                            "≥ 1.0x");
        } finally {
            MoverBenchSupport.deleteTree(dir);
        }
    }

    private static double rclone(Map<String, String> env, Path from, String prefix) throws Exception {
        return MoverBenchSupport.timeCommand(env, List.of("AWS_CA_BUNDLE"), "rclone", "copy", from.toString(),
                "bench:" + BUCKET + "/" + prefix);
    }

    private static double copy(S3Endpoint endpoint, Path from, String prefix, List<String> keys, int threads) throws Exception {
        try (S3SiloStore target = new S3SiloStore("s3", endpoint, BUCKET, prefix, SiloStores.DEFAULT_PART_SIZE,
                SiloStores.DEFAULT_PARALLEL_PARTS)) {
            return MoverBenchSupport.copyAll(new PosixSiloStore("src", from), target, keys, threads);
        }
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("rclone", "version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("rclone");
            p.waitFor();
            return first.trim();
        } catch (Exception e) {
            return "rclone";
        }
    }
}
