package io.meridian.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.storage.posix.PosixSiloStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PosixSiloStoreTest {
    @TempDir
    Path root;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepWriteInvisibleUntilCommitAndPreserveMtimeAndMode() throws IOException {
        PosixSiloStore store = new PosixSiloStore("nas", root);
        WriteOptions options = new WriteOptions(1_600_000_000_000L, 0640, 5, null);
        ObjectStat committed;
        try (PendingWrite write = store.create("a b/ünï.bin", options)) {
            write.write(ByteBuffer.wrap(bytes("hello")));
            assertThat(store.stat("a b/ünï.bin")).isEmpty();
            assertThat(listed(store)).isEmpty();
            assertThat(write.persistedCrc32c()).isEqualTo(Crc32cs.of(bytes("hello")));
            committed = write.commit();
        }
        ObjectStat stat = store.stat("a b/ünï.bin").orElseThrow();
        assertThat(committed).isEqualTo(stat);
        assertThat(stat.size()).isEqualTo(5);
        assertThat(stat.mtimeMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(stat.mode()).isEqualTo(0640);
        assertThat(listed(store)).containsExactly("a b/ünï.bin");
        try (InputStream in = store.open("a b/ünï.bin", 1, 3)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("ell"));
        }
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void shouldLeaveNothingWhenAborted() throws IOException {
        PosixSiloStore store = new PosixSiloStore("nas", root);
        try (PendingWrite write = store.create("x/y.bin", WriteOptions.defaults())) {
            write.write(ByteBuffer.wrap(bytes("partial")));
        }
        assertThat(store.stat("x/y.bin")).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void shouldReplaceExistingContentAtomicallyOnCommit() throws IOException {
        PosixSiloStore store = new PosixSiloStore("nas", root);
        Files.write(root.resolve("f"), bytes("old"));
        try (PendingWrite write = store.create("f", WriteOptions.defaults())) {
            write.write(ByteBuffer.wrap(bytes("new content")));
            assertThat(Files.readString(root.resolve("f"))).isEqualTo("old");
            write.persistedCrc32c();
            write.commit();
        }
        assertThat(Files.readString(root.resolve("f"))).isEqualTo("new content");
    }

    @Test
    void shouldSweepOnlyTempFilesWhoseWriterIsGone() throws IOException {
        PosixSiloStore store = new PosixSiloStore("nas", root);
        Files.createDirectories(root.resolve("d"));
        Files.write(root.resolve("d/" + SiloStore.TEMP_PREFIX + "dead"), bytes("left by a crashed mover"));
        try (PendingWrite live = store.create("d/live.bin", WriteOptions.defaults())) {
            live.write(ByteBuffer.wrap(bytes("in progress")));
            assertThat(store.cleanLeftovers(Duration.ZERO)).isEqualTo(1);
            assertThat(tempFiles()).hasSize(1); // the live writer's file survives
            live.persistedCrc32c();
            live.commit();
        }
        assertThat(Files.readString(root.resolve("d/live.bin"))).isEqualTo("in progress");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void shouldRejectKeysThatEscapeTheRoot() throws IOException {
        PosixSiloStore store = new PosixSiloStore("nas", root);
        assertThatThrownBy(() -> store.stat("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("/abs", WriteOptions.defaults())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.stat("a//b")).isInstanceOf(IllegalArgumentException.class);
        for (String key : new String[] {"", ".", "..", "a/./b", "a/..", "a/", "a\u0000b", "a\nb"}) {
            assertThatThrownBy(() -> store.open(key, 0, -1)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private List<String> listed(SiloStore store) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list("", s -> keys.add(s.key()));
        return keys;
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(SiloStore.TEMP_PREFIX)).toList();
        }
    }
}
