package io.meridian.devstack.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file the {@code filesystem-nio2} backend left half-written (what a SIGKILL during a PUT or an
 * UploadPart leaves: {@code <name>-<uuid>} without extended attributes) made every ListObjectsV2 of
 * its bucket answer 500 ("Unable to get size of extended attribute 'user.content-md5'").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("integration")
class PartialFileGuardTest {
    @TempDir
    Path dir;
    private EmbeddedS3 s3;

    @AfterEach
    void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    private MinioClient start() {
        s3 = EmbeddedS3.builder().baseDir(dir).build().start();
        s3.createBucket("bucket");
        return MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
    }

    private static void put(MinioClient minio, String key) throws Exception {
        byte[] content = key.getBytes(StandardCharsets.UTF_8);
        minio.putObject(PutObjectArgs.builder().bucket("bucket").object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1).build());
    }

    private static List<String> list(MinioClient minio) throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder().bucket("bucket").recursive(true).build())) {
            names.add(r.get().objectName());
        }
        return names;
    }

    private Path partialFile(String name) throws Exception {
        Path partial = dir.resolve("bucket").resolve(name + "-" + UUID.randomUUID());
        Files.createDirectories(partial.getParent());
        Files.write(partial, new byte[1024]);
        return partial;
    }

    @Test
    void shouldListEveryObjectWhenAKilledWriteLeftAPartialFile() throws Exception {
        MinioClient minio = start();
        put(minio, "a/one.bin");
        put(minio, "b/two.bin");
        Path partial = partialFile("a/three.bin");
        Path part = partialFile(".mpus-" + UUID.randomUUID() + "-a/four.bin-2");

        assertThat(list(minio)).containsExactly("a/one.bin", "b/two.bin");
        assertThat(partial).doesNotExist();
        assertThat(part).doesNotExist();
    }

    @Test
    void shouldRemovePartialFilesAtStart() throws Exception {
        Path partial = partialFile("a/three.bin");

        MinioClient minio = start();

        assertThat(partial).doesNotExist();
        assertThat(list(minio)).isEmpty();
    }

    @Test
    void shouldKeepAFilePutThereByHandThatIsNotNamedLikeAPartialFile() throws Exception {
        MinioClient minio = start();
        Path byHand = dir.resolve("bucket").resolve("by-hand.bin");
        Files.write(byHand, new byte[10]);

        // not a write of the backend's: the listing still fails, and its error names the file to fix
        assertThatThrownBy(() -> list(minio)).hasMessageContaining("by-hand.bin");
        assertThat(byHand).exists();
    }
}
