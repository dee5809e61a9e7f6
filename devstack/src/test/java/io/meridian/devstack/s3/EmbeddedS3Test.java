package io.meridian.devstack.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** S3Proxy driven by the MinIO SDK, as Meridian's S3 silos and movers use it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("integration")
class EmbeddedS3Test {
    private static final long FIVE_MIB = 5L * 1024 * 1024;

    private static EmbeddedS3 s3;
    private static MinioClient minio;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.builder().build().start();
        minio = client(s3, s3.secretKey());
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void shouldPutGetStatListAndDeleteAnObject() throws Exception {
        minio.makeBucket(MakeBucketArgs.builder().bucket("basics").build());
        byte[] content = "hello meridian".getBytes(StandardCharsets.UTF_8);

        put("basics", "dir/hello.txt", content, -1);

        assertThat(get("basics", "dir/hello.txt")).isEqualTo(content);
        assertThat(minio.statObject(StatObjectArgs.builder().bucket("basics").object("dir/hello.txt").build()).size())
                .isEqualTo(content.length);
        assertThat(list("basics", "dir/")).containsExactly("dir/hello.txt");

        minio.removeObject(RemoveObjectArgs.builder().bucket("basics").object("dir/hello.txt").build());
        assertThat(list("basics", "dir/")).isEmpty();
    }

    @Test
    void shouldAssembleAMultipartUploadAndServeARangeOfIt() throws Exception {
        s3.createBucket("multipart");
        byte[] content = new byte[12 * 1024 * 1024];
        new Random(42).nextBytes(content);

        put("multipart", "big.bin", content, FIVE_MIB);

        StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket("multipart").object("big.bin").build());
        assertThat(stat.size()).isEqualTo(content.length);
        assertThat(get("multipart", "big.bin")).isEqualTo(content);
        long offset = FIVE_MIB - 10;
        try (InputStream range = minio.getObject(GetObjectArgs.builder().bucket("multipart").object("big.bin")
                .offset(offset).length(20L).build())) {
            byte[] expected = new byte[20];
            System.arraycopy(content, (int) offset, expected, 0, 20);
            assertThat(range.readAllBytes()).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseRequestsSignedWithAnotherSecret() {
        MinioClient intruder = client(s3, "not-the-secret-key-of-this-endpoint-0000");

        assertThatThrownBy(() -> intruder.bucketExists(BucketExistsArgs.builder().bucket("basics").build()))
                .isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void shouldNeverShowTheSecretKeyInToString() {
        assertThat(s3.secretKey()).hasSize(40);
        assertThat(s3.toString()).contains(s3.accessKey()).doesNotContain(s3.secretKey());
        assertThat(s3.credentials().toString()).doesNotContain(s3.secretKey());
    }

    @Test
    void shouldKeepObjectsOnDiskAcrossRestartsWithGivenKeys(@TempDir Path baseDir) throws Exception {
        S3Credentials keys = S3Credentials.generate();
        try (EmbeddedS3 first = EmbeddedS3.builder().baseDir(baseDir).credentials(keys).build().start()) {
            first.createBucket("kept");
            MinioClient client = client(first, keys.secretKey());
            client.putObject(PutObjectArgs.builder().bucket("kept").object("a.txt")
                    .stream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, -1).build());
        }
        try (EmbeddedS3 second = EmbeddedS3.builder().baseDir(baseDir).credentials(keys).build().start()) {
            MinioClient client = client(second, keys.secretKey());
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("kept").object("a.txt").build())) {
                assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
            }
        }
    }

    private static MinioClient client(EmbeddedS3 endpoint, String secretKey) {
        return MinioClient.builder().endpoint(endpoint.endpoint()).credentials(endpoint.accessKey(), secretKey)
                .region("us-east-1").build();
    }

    private static void put(String bucket, String object, byte[] content, long partSize) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(object)
                .stream(new ByteArrayInputStream(content), content.length, partSize).build());
    }

    private static byte[] get(String bucket, String object) throws Exception {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(object).build())) {
            return in.readAllBytes();
        }
    }

    private static List<String> list(String bucket, String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }
}
