package io.meridian.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.query.sql.QueryEngine;
import io.meridian.schemas.SiloKind;
import io.meridian.storage.S3Clients;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.util.List;
import io.meridian.query.testing.Producers;
import io.meridian.query.testing.QueryStack;
import io.meridian.query.testing.Records;
import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.Tier;
import io.meridian.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The query API end to end: records produced to the real topics, read back over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
@Tag("integration")
class QueryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CONTENT = "0123456789abcdefghij".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private QueryStack stack;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        SiloConfig archive = new SiloConfig("archive", SiloKind.S3, null, "embedded", "archive", null, "/datasets",
                "cloud-a", Tier.ARCHIVE, 1L << 40, 0, 0, 0.85, 0.7, null, Map.of());
        // generous: the first query plans and compiles on a cold JVM, which takes seconds on a loaded machine
        stack = new QueryStack(dir, new QueryEngine.Limits(50, Duration.ofSeconds(60)), List.of(archive));
        stack.s3.createBucket("archive");
        MinioClient s3 = S3Clients.create(new S3Endpoint(stack.s3.endpoint(), stack.s3.accessKey(), stack.s3.secretKey()));
        s3.putObject(PutObjectArgs.builder().bucket("archive").object("cold/old.bin")
                .stream(new ByteArrayInputStream(CONTENT), CONTENT.length, -1).build());
        send(Topics.SILOS, Silo.class, "archive", archive.toAvro());
        send(Topics.METADATA, FileRecord.class, "/datasets/cold/old.bin",
                Records.file("/datasets/cold/old.bin", CONTENT.length, Map.of(), "archive"));
        Path nasRoot = Files.createDirectories(dir.resolve("nas"));
        Files.createDirectories(nasRoot.resolve("train"));
        Files.write(nasRoot.resolve("train/shard-000.bin"), CONTENT);
        send(Topics.SILOS, Silo.class, "nas", Records.posixSilo("nas", nasRoot.toString(), "onprem", Tier.CAPACITY, 1L << 30));
        // The nvme copy is recorded but its file is gone, as when a move just deleted it: reads fall back.
        send(Topics.SILOS, Silo.class, "nvme", Records.posixSilo("nvme", dir.resolve("nvme").toString(), "gpu-east", Tier.NVME, 1L << 30));
        send(Topics.SILO_USAGE, SiloUsage.class, "nas", Records.usage("nas", 4096, 2));
        send(Topics.METADATA, FileRecord.class, "/datasets/train/shard-000.bin",
                Records.file("/datasets/train/shard-000.bin", CONTENT.length, Map.of("stage", "training"), "nas", "nvme"));
        for (int i = 1; i <= 60; i++) {
            String path = String.format("/datasets/eval/e%02d.parquet", i);
            send(Topics.METADATA, FileRecord.class, path, Records.file(path, i, Map.of("stage", "eval"), "nas"));
        }
        awaitFiles(62);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldAnswerSqlOverRecordsProducedToTheMetadataTopic() throws Exception {
        JsonNode answer = JSON.readTree(post("{\"sql\": \"SELECT path, size, tags['stage'] AS stage FROM files WHERE tags['stage'] = 'training'\"}").body());
        assertThat(answer.get("columns").toString()).isEqualTo("[\"path\",\"size\",\"stage\"]");
        assertThat(answer.get("rows").toString()).isEqualTo("[[\"/datasets/train/shard-000.bin\"," + CONTENT.length + ",\"training\"]]");

        JsonNode silos = JSON.readTree(post("{\"sql\": \"SELECT silo, used, free FROM silos WHERE silo = 'nas'\"}").body());
        assertThat(silos.get("rows").toString()).isEqualTo("[[\"nas\",4096," + ((1L << 30) - 4096) + "]]");
    }

    @Test
    void shouldAnswerCsv() throws Exception {
        String csv = post("{\"sql\": \"SELECT name, size FROM files WHERE path LIKE '/datasets/eval/e0%' ORDER BY name LIMIT 2\", \"format\": \"csv\"}").body();
        assertThat(csv).isEqualTo("name,size\r\ne01.parquet,1\r\ne02.parquet,2\r\n");
    }

    @Test
    void shouldCutAnswersAtTheRowLimit() throws Exception {
        HttpResponse<String> response = post("{\"sql\": \"SELECT path FROM files\"}");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("rows")).hasSize(50);
        assertThat(answer.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void shouldLocateErrorsInBadSql() throws Exception {
        HttpResponse<String> response = post("{\"sql\": \"SELECT path FROM files\\nWHERE size >\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isGreaterThan(0);
        assertThat(error.get("error").asText()).contains("line 2");
    }

    @Test
    void shouldServeTheRecordOfAFile() throws Exception {
        HttpResponse<String> response = get("/v1/files/datasets/train/shard-000.bin", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("path").asText()).isEqualTo("/datasets/train/shard-000.bin");
        assertThat(get("/v1/files/datasets/nope.bin", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/v1/files/datasets/%2e%2e/etc/passwd", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldListTheTagsOfAFileAndThoseSetOnADirectory() throws Exception {
        send(Topics.TAG_COMMANDS, TagCommand.class, "/datasets/train/", TagCommand.newBuilder().setPath("/datasets/train/")
                .setOp(TagOp.SET).setTags(Map.of("stage", "training")).setKeys(List.of()).setActor("alice via operator@127.0.0.1")
                .setAt(Records.T0).setCommandId("c1").build());
        awaitCondition(() -> {
            try {
                return get("/v1/tags?path=/datasets/train/", Map.of()).body().contains("training");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(JSON.readTree(get("/v1/tags?path=/datasets/train/", Map.of()).body()).get("tags").toString())
                .isEqualTo("[{\"key\":\"stage\",\"value\":\"training\",\"origin\":\"directory\"}]");
        JsonNode file = JSON.readTree(get("/v1/tags?path=/datasets/train/shard-000.bin", Map.of()).body()).get("tags").get(0);
        assertThat(file.path("origin").asText() + " " + file.path("key").asText() + "=" + file.path("value").asText()
                + " by " + file.path("setBy").asText()).isEqualTo("own stage=training by test");
        assertThat(get("/v1/tags?path=/datasets/nope.bin", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/v1/tags?path=/datasets/../etc/", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldSayWhereTheFilesOfAPrefixAreBySiteAndTier() throws Exception {
        send(Topics.METADATA, FileRecord.class, "/datasets/loc/both.bin", Records.file("/datasets/loc/both.bin", 100, Map.of(), "nas", "nvme"));
        send(Topics.METADATA, FileRecord.class, "/datasets/loc/nas.bin", Records.file("/datasets/loc/nas.bin", 10, Map.of(), "nas"));
        FileRecord outdated = Records.file("/datasets/loc/outdated.bin", 1, Map.of(), "nas", "nvme");
        outdated.getInstances().set(1, Instance.newBuilder(outdated.getInstances().get(1)).setCrc32c(7L).build()); // older content
        send(Topics.METADATA, FileRecord.class, "/datasets/loc/outdated.bin", outdated);
        awaitCondition(() -> com.google.common.collect.Iterables.size(stack.store.withPrefix("/datasets/loc/")) == 3);

        JsonNode loc = JSON.readTree(get("/v1/locality?prefix=/datasets/loc", Map.of()).body());
        assertThat(loc.path("files").asLong() + " files, " + loc.path("bytes").asLong() + " bytes").isEqualTo("3 files, 111 bytes");
        assertThat(loc.path("sites").toString()).isEqualTo("[{\"files\":1,\"bytes\":100,\"site\":\"gpu-east\",\"complete\":false,"
                + "\"tiers\":[{\"files\":1,\"bytes\":100,\"tier\":\"nvme\"}]},{\"files\":3,\"bytes\":111,\"site\":\"onprem\","
                + "\"complete\":true,\"tiers\":[{\"files\":3,\"bytes\":111,\"tier\":\"capacity\"}]}]");
        JsonNode eval = JSON.readTree(get("/v1/locality?prefix=/datasets/&tag=stage=eval", Map.of()).body());
        assertThat(eval.path("files").asLong()).isEqualTo(60);
        assertThat(eval.path("sites")).hasSize(1);
        assertThat(eval.path("sites").get(0).path("site").asText()).isEqualTo("onprem");
        assertThat(get("/v1/locality?prefix=/datasets/&tag=nokey", Map.of()).statusCode()).isEqualTo(400);
        assertThat(get("/v1/locality", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldServeContentFromAPresentCopyWhenTheNearestVanished() throws Exception {
        HttpResponse<byte[]> full = getBytes("/v1/files/datasets/train/shard-000.bin/content", Map.of());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(CONTENT);
        assertThat(full.headers().firstValue("X-Meridian-Silo")).contains("nas");

        HttpResponse<byte[]> range = getBytes("/v1/files/datasets/train/shard-000.bin/content", Map.of("Range", "bytes=100-199"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 100-199/" + CONTENT.length);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(CONTENT, 100, 200));

        HttpResponse<byte[]> outside = getBytes("/v1/files/datasets/train/shard-000.bin/content", Map.of("Range", "bytes=999999-"));
        assertThat(outside.statusCode()).isEqualTo(416);
    }

    @Test
    void shouldAnswerRangesBeyondALongByRfc9110InsteadOfFailing() throws Exception {
        String content = "/v1/files/datasets/train/shard-000.bin/content";
        HttpResponse<byte[]> huge = getBytes(content, Map.of("Range", "bytes=0-99999999999999999999"));
        assertThat(huge.statusCode()).isEqualTo(206);
        assertThat(huge.body()).isEqualTo(CONTENT);
        HttpResponse<byte[]> suffix = getBytes(content, Map.of("Range", "bytes=-9223372036854775808"));
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(CONTENT);
        assertThat(getBytes(content, Map.of("Range", "bytes=99999999999999999999-")).statusCode()).isEqualTo(416);
    }

    @Test
    void shouldRefuseContentThroughASymlinkWithoutSendingTheOutsideBytes() throws Exception {
        Path nasRoot = dir.resolve("nas");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        byte[] secret = "root:x:0:0:outside the silo".getBytes(StandardCharsets.UTF_8);
        Files.write(outside.resolve("secret.txt"), secret);
        Files.createSymbolicLink(nasRoot.resolve("train/evil-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(nasRoot.resolve("train/rel-link"), Path.of("../../outside/secret.txt"));
        Files.createSymbolicLink(nasRoot.resolve("outlink"), outside);
        for (String path : List.of("/datasets/train/evil-link", "/datasets/train/rel-link", "/datasets/outlink/secret.txt")) {
            send(Topics.METADATA, FileRecord.class, path, Records.file(path, secret.length, Map.of(), "nas"));
            awaitCondition(() -> stack.store.file(path).isPresent());

            HttpResponse<byte[]> response = getBytes("/v1/files" + path + "/content", Map.of());

            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertThat(response.statusCode()).as(path + ": " + body).isEqualTo(403);
            assertThat(body).contains("is a symlink; Meridian never follows symlinks").doesNotContain("root:x");
        }
        FileRecord link = Records.file("/datasets/train/link-entry", 0, Map.of(), "nas");
        link.setFileType(io.meridian.schemas.FileType.SYMLINK);
        send(Topics.METADATA, FileRecord.class, link.getPath(), link);
        awaitCondition(() -> stack.store.file(link.getPath()).isPresent());
        JsonNode listing = JSON.readTree(get("/v1/ls?path=/datasets/train/", Map.of()).body());
        assertThat(listing.get("entries").findValues("type").stream().map(JsonNode::asText)).contains("symlink", "file");
    }

    @Test
    void shouldServeContentFromAnS3Copy() throws Exception {
        HttpResponse<byte[]> full = getBytes("/v1/files/datasets/cold/old.bin/content", Map.of());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("X-Meridian-Silo")).contains("archive");
        assertThat(full.body()).isEqualTo(CONTENT);
        HttpResponse<byte[]> tail = getBytes("/v1/files/datasets/cold/old.bin/content", Map.of("Range", "bytes=-10"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(CONTENT, CONTENT.length - 10, CONTENT.length));
    }

    @Test
    void shouldPublishAnAccessEventForEveryRead() throws Exception {
        getBytes("/v1/files/datasets/train/shard-000.bin/content", Map.of("Range", "bytes=0-9"));
        AccessEvent event = AccessEventsReader.awaitOne(stack.kafka.bootstrapServers(), stack.registry.url(),
                e -> e.getBytes() == 10, Duration.ofSeconds(20));
        assertThat(event.getPath()).isEqualTo("/datasets/train/shard-000.bin");
        assertThat(event.getSilo()).isEqualTo("nas");
    }

    @Test
    void shouldStreamANewMatchingFileToAPushQueryWithinOneSecond() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.http.url() + "/v1/query")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT path, size FROM files WHERE path LIKE '/datasets/new/%' EMIT CHANGES\"}"))
                .build();
        var pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().filter(l -> !l.isBlank()).forEach(lines::add));
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"columns\":[\"path\",\"size\"]}");
        send(Topics.METADATA, FileRecord.class, "/datasets/other/x.bin", Records.file("/datasets/other/x.bin", 1, Map.of(), "nas"));
        long sent = System.nanoTime();
        send(Topics.METADATA, FileRecord.class, "/datasets/new/a.bin", Records.file("/datasets/new/a.bin", 7, Map.of(), "nas"));
        String row = lines.poll(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertThat(row).isEqualTo("[\"/datasets/new/a.bin\",7]");
        assertThat(millis).isLessThan(1000);
        pending.cancel(true);
    }

    @Test
    void shouldDeleteAFileOnATombstone() throws Exception {
        send(Topics.METADATA, FileRecord.class, "/datasets/tmp/gone.bin", Records.file("/datasets/tmp/gone.bin", 1, Map.of(), "nas"));
        awaitCondition(() -> stack.store.file("/datasets/tmp/gone.bin").isPresent());
        send(Topics.METADATA, FileRecord.class, "/datasets/tmp/gone.bin", null);
        awaitCondition(() -> stack.store.file("/datasets/tmp/gone.bin").isEmpty());
        JsonNode answer = JSON.readTree(post("{\"sql\": \"SELECT count(*) FROM files WHERE path LIKE '/datasets/tmp/%'\"}").body());
        assertThat(answer.get("rows").toString()).isEqualTo("[[0]]");
    }

    @Test
    void shouldSkipRecordsItCannotUseAndKeepGoing() throws Exception {
        long before = stack.store.skipped();
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", stack.kafka.bootstrapServers());
        try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.METADATA, "/datasets/bad/x.bin",
                    new byte[] {0, 0, 0, 0, 1, 42})).get();
        }
        send(Topics.METADATA, FileRecord.class, "relative/key.bin", Records.file("relative/key.bin", 1, Map.of(), "nas"));
        send(Topics.METADATA, FileRecord.class, "/datasets/good/after.bin", Records.file("/datasets/good/after.bin", 1, Map.of(), "nas"));
        awaitCondition(() -> stack.store.file("/datasets/good/after.bin").isPresent());
        assertThat(stack.store.skipped() - before).isEqualTo(2);
        assertThat(stack.store.file("/datasets/bad/x.bin")).isEmpty();
    }

    @Test
    void shouldServePrometheusMetrics() throws Exception {
        HttpResponse<String> metrics = get("/metrics", Map.of());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("meridian_query_store_files ").contains("meridian_query_store_skipped ")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void shouldListTheChildrenOfADirectory() throws Exception {
        JsonNode listing = JSON.readTree(get("/v1/ls?path=/datasets/", Map.of()).body());
        assertThat(listing.get("entries").findValuesAsText("path")).contains("/datasets/eval/", "/datasets/train/");
    }

    private <V extends org.apache.avro.specific.SpecificRecord> void send(String topic, Class<V> type, String key, V value) throws Exception {
        Producers.send(stack.kafka.bootstrapServers(), stack.registry.url(), topic, type, key, value);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(stack.http.url() + "/v1/query")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.http.url() + path));
        headers.forEach(builder::header);
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.http.url() + path));
        headers.forEach(builder::header);
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void awaitFiles(int count) throws InterruptedException {
        awaitCondition(() -> stack.store.fileCount() >= count);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
