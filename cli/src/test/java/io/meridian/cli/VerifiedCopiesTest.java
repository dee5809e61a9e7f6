package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.ConfigLoader;
import io.meridian.config.S3Endpoint;
import io.meridian.storage.S3Clients;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 items 4 and 7 on {@code up} with real embedded components: files moved from the NAS into
 * the S3 archive (one single PUT, one multipart upload) keep their source mtime and verified CRC32C in
 * the view after the S3 watcher listed them; copying them back out to the GPU silo succeeds (no
 * SOURCE_CHANGED); an object rewritten by another client loses its CRC32C.
 */
@Timeout(240)
@Tag("integration")
class VerifiedCopiesTest {
    private static final Instant MTIME = Instant.parse("2026-11-30T12:34:56.789Z");
    private static final String SMALL = "/datasets/in/small.bin";
    private static final String BIG = "/datasets/in/big.bin";
    private static final byte[] SMALL_DATA = random(300 * 1024, 1);
    private static final byte[] BIG_DATA = random(20 * 1024 * 1024 + 5, 2);

    @TempDir
    static Path home;
    static EmbeddedRuntime runtime;

    @BeforeAll
    static void up() throws Exception {
        Path nas = Files.createDirectories(home.resolve("silos/nas/in"));
        Files.createDirectories(home.resolve("silos/nvme"));
        for (var file : new Object[][] {{"small.bin", SMALL_DATA}, {"big.bin", BIG_DATA}}) {
            Path path = Files.write(nas.resolve((String) file[0]), (byte[]) file[1]);
            Files.setLastModifiedTime(path, FileTime.from(MTIME));
        }
        Path config = Files.writeString(home.resolve("silos/meridian.yaml"), """
                kafka: {bootstrap: embedded, partitions: 3}
                schemaRegistry: {url: embedded}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB}
                  - {id: gpu-nvme, kind: posix, root: ./nvme, mount: /datasets, site: gpu-east, tier: nvme, capacity: 1GiB}
                  - {id: archive, kind: s3, endpoint: embedded, bucket: archive, mount: /datasets, site: cloud-a, tier: archive, capacity: 1GiB}
                policies:
                  - name: in-to-archive
                    when: "path.startsWith('/datasets/in/')"
                    place: { tier: archive }
                    exclusive: true
                    priority: 1
                  - name: training-on-nvme
                    when: "tags.stage == 'training'"
                    place: { site: gpu-east, tier: nvme }
                    priority: 10
                """);
        runtime = EmbeddedRuntime.start(ConfigLoader.load(config), new MeridianHome(home), EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldKeepVerifiedAttributesThroughListingsAndCopyBackOutOfS3() throws Exception {
        for (String path : new String[] {SMALL, BIG}) {
            String expected = "archive," + MTIME.toEpochMilli() + "," + crc(path.equals(SMALL) ? SMALL_DATA : BIG_DATA);
            await(Duration.ofSeconds(90), out -> out.contains(expected) && !out.contains("nas,"),
                    "query", "--csv", instancesOf(path));
            await(Duration.ofSeconds(30), out -> out.contains("S3_LIST") && out.contains(path), "tail", "meridian.file-events",
                    "--from-beginning");
            await(Duration.ofSeconds(10), out -> out.contains(expected), "query", "--csv", instancesOf(path));
        }

        assertThat(run("tag", "set", "/datasets/in/", "stage=training").exitCode()).isZero();

        for (String path : new String[] {SMALL, BIG}) {
            String expected = "gpu-nvme," + MTIME.toEpochMilli() + "," + crc(path.equals(SMALL) ? SMALL_DATA : BIG_DATA);
            await(Duration.ofSeconds(90), out -> out.contains(expected), "query", "--csv", instancesOf(path));
        }
        String moves = run("query", "--csv", "SELECT path, status FROM moves").out();
        assertThat(moves.toLowerCase(java.util.Locale.ROOT)).contains("succeeded").doesNotContain("source_changed").doesNotContain("failed");
    }

    @Test
    void shouldClearTheChecksumOfAnObjectRewrittenByAnotherClient() throws Exception {
        String path = "/datasets/in/rewritten.bin";
        byte[] data = random(4096, 3);
        Path file = Files.write(home.resolve("silos/nas/in/rewritten.bin"), data);
        Files.setLastModifiedTime(file, FileTime.from(MTIME));
        await(Duration.ofSeconds(90), out -> out.contains("archive," + MTIME.toEpochMilli() + "," + crc(data)),
                "query", "--csv", instancesOf(path));

        byte[] other = random(4096, 4);
        S3Endpoint endpoint = new S3Endpoint(runtime.endpoints().s3Endpoint(), runtime.stack().s3().accessKey(),
                runtime.stack().s3().secretKey());
        S3Clients.create(endpoint).putObject(PutObjectArgs.builder().bucket("archive").object("in/rewritten.bin")
                .stream(new ByteArrayInputStream(other), other.length, -1).build());

        String view = await(Duration.ofSeconds(60), out -> out.lines().anyMatch(l -> l.startsWith("archive,") && l.endsWith(",")),
                "query", "--csv", instancesOf(path));
        assertThat(view).doesNotContain(Long.toString(crc(data)));
    }

    private static String instancesOf(String path) {
        return "SELECT silo, CAST(mtime AS BIGINT) AS mtime, crc32c FROM instances WHERE path = '" + path
                + "' AND state = 'present' ORDER BY silo";
    }

    private static String await(Duration timeout, Predicate<String> done, String... args) throws InterruptedException {
        return CliRun.await(home, timeout, done, args);
    }

    private static CliRun.Result run(String... args) {
        return CliRun.run(home, args);
    }

    private static long crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

}
