package io.meridian.storage.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SymlinkRefusedException;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md invariant 9: no operation of a POSIX silo follows a symlink, by any path component. */
@Timeout(30)
class PosixConfinementTest {
    static final String REFUSAL = "Meridian never follows symlinks";

    @TempDir
    Path dir;
    Path root;
    Path outside;
    PosixSiloStore store;

    @BeforeEach
    void silo() throws IOException {
        root = Files.createDirectories(dir.resolve("nas"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("victim.txt"), "outside secret");
        Files.createDirectories(root.resolve("train"));
        Files.writeString(root.resolve("train/real.bin"), "inside");
        store = new PosixSiloStore("nas", root);
    }

    @Test
    void shouldRefuseToReadALeafSymlinkWithAnAbsoluteOrRelativeTarget() throws IOException {
        Files.createSymbolicLink(root.resolve("train/evil-link"), outside.resolve("victim.txt"));
        Files.createSymbolicLink(root.resolve("train/rel-link"), Path.of("../../outside/victim.txt"));
        for (String key : List.of("train/evil-link", "train/rel-link")) {
            assertThatThrownBy(() -> read(key)).isInstanceOf(SymlinkRefusedException.class).hasMessageContaining(REFUSAL);
            assertThatThrownBy(() -> store.openChannel(key, 0)).isInstanceOf(SymlinkRefusedException.class);
            assertThatThrownBy(() -> store.stat(key)).isInstanceOf(SymlinkRefusedException.class);
        }
    }

    @Test
    void shouldRefuseToReadThroughASymlinkedParentDirectory() throws IOException {
        Files.createSymbolicLink(root.resolve("outlink"), outside);
        Files.createSymbolicLink(root.resolve("train/up"), Path.of("../../outside"));
        assertThatThrownBy(() -> read("outlink/victim.txt")).isInstanceOf(SymlinkRefusedException.class)
                .hasMessage("path component 'outlink' of key 'outlink/victim.txt' in silo nas is a symlink; " + REFUSAL);
        assertThatThrownBy(() -> read("train/up/victim.txt")).isInstanceOf(SymlinkRefusedException.class)
                .hasMessageContaining("'train/up'");
        assertThatThrownBy(() -> store.stat("outlink/victim.txt")).isInstanceOf(SymlinkRefusedException.class);
    }

    @Test
    void shouldReadRegularFilesAsBefore() throws IOException {
        assertThat(read("train/real.bin")).isEqualTo("inside");
        ObjectStat stat = store.stat("train/real.bin").orElseThrow();
        assertThat(stat.size()).isEqualTo(6);
        assertThat(stat.fileKey()).matches("\\d+:\\d+");
        assertThat(store.stat("train/none.bin")).isEmpty();
        assertThat(store.stat("nothing/none.bin")).isEmpty();
        assertThat(store.stat("train/real.bin/below")).isEmpty();
    }

    @Test
    void shouldNeitherListSymlinksNorDescendIntoSymlinkedDirectories() throws IOException {
        Files.createSymbolicLink(root.resolve("outlink"), outside);
        Files.createSymbolicLink(root.resolve("train/evil-link"), outside.resolve("victim.txt"));
        assertThat(listed("")).containsExactly("train/real.bin");
        assertThat(listed("outlink/")).isEmpty();
        assertThat(listed("outlink/vic")).isEmpty();
        assertThat(listed("train/")).containsExactly("train/real.bin");
    }

    @Test
    void shouldCreateNothingThroughASymlinkedParent() throws IOException {
        Files.createSymbolicLink(root.resolve("outlink"), outside);
        Map<String, String> before = snapshot(outside);
        assertThatThrownBy(() -> write("outlink/pwned.txt", "pwned")).isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> write("outlink/sub/deeper/pwned.txt", "pwned")).isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> write("outlink/victim.txt", "overwritten")).isInstanceOf(SymlinkRefusedException.class);
        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(listed("")).containsExactly("train/real.bin");
    }

    @Test
    void shouldDeleteNothingThroughASymlink() throws IOException {
        Files.createSymbolicLink(root.resolve("outlink"), outside);
        Files.createSymbolicLink(root.resolve("train/evil-link"), outside.resolve("victim.txt"));
        assertThatThrownBy(() -> store.delete("outlink/victim.txt")).isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> store.delete("train/evil-link")).isInstanceOf(SymlinkRefusedException.class);
        assertThat(Files.readString(outside.resolve("victim.txt"))).isEqualTo("outside secret");
        assertThat(Files.isSymbolicLink(root.resolve("train/evil-link"))).isTrue();
        assertThat(store.delete("train/real.bin")).isTrue();
        assertThat(store.delete("train/real.bin")).isFalse();
        assertThat(store.delete("gone/real.bin")).isFalse();
    }

    @Test
    void shouldSweepNoLeftoverBehindASymlink() throws IOException {
        Files.createSymbolicLink(root.resolve("outlink"), outside);
        Path foreign = outside.resolve(SiloStore.TEMP_PREFIX + "not-ours");
        Files.writeString(foreign, "a file outside that only looks like a leftover");
        Files.setLastModifiedTime(foreign, FileTime.fromMillis(0));
        Files.createSymbolicLink(root.resolve(SiloStore.TEMP_PREFIX + "link"), foreign);
        Path dead = root.resolve("train/" + SiloStore.TEMP_PREFIX + "dead");
        Files.writeString(dead, "left by a crashed mover");
        Path deadDir = Files.createDirectory(root.resolve(SiloStore.TEMP_PREFIX + "dir-dead"));
        Files.setLastModifiedTime(deadDir, FileTime.fromMillis(0));

        assertThat(store.cleanLeftovers(Duration.ZERO)).isEqualTo(2);

        assertThat(foreign).exists();
        assertThat(root.resolve(SiloStore.TEMP_PREFIX + "link")).isSymbolicLink();
        assertThat(dead).doesNotExist();
        assertThat(deadDir).doesNotExist();
    }

    @Test
    void shouldCommitIntoTheVerifiedDirectoryEvenWhenItIsSwappedForASymlinkDuringTheWrite() throws IOException {
        Files.createDirectories(root.resolve("d"));
        Map<String, String> before = snapshot(outside);
        try (PendingWrite write = store.create("d/f.bin", WriteOptions.defaults())) {
            write.write(ByteBuffer.wrap("copied".getBytes(StandardCharsets.UTF_8)));
            Files.move(root.resolve("d"), root.resolve("d-away"));
            Files.createSymbolicLink(root.resolve("d"), outside);
            write.persistedCrc32c();
            try {
                write.commit();
            } catch (IOException refused) {
                // the stat after the rename sees the path lead elsewhere: failing is fine, leaking is not
            }
        }
        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(Files.readString(root.resolve("d-away/f.bin"))).isEqualTo("copied");
        assertThatThrownBy(() -> store.stat("d/f.bin")).isInstanceOf(SymlinkRefusedException.class);
    }

    @Test
    void shouldMakeMissingDirectoriesInsideTheRootWithoutLeftovers() throws IOException {
        write("a/b/c/new.bin", "deep");
        assertThat(Files.readString(root.resolve("a/b/c/new.bin"))).isEqualTo("deep");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "train");
        }
    }

    private String read(String key) throws IOException {
        try (InputStream in = store.open(key, 0, -1)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void write(String key, String content) throws IOException {
        try (PendingWrite write = store.create(key, WriteOptions.defaults())) {
            write.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            write.persistedCrc32c();
            write.commit();
        }
    }

    private List<String> listed(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(prefix, s -> keys.add(s.key()));
        return keys;
    }

    /** Every entry below {@code dir} (symlinks not followed) with its content and mtime. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String content = Files.isRegularFile(p) ? Files.readString(p) : "<dir>";
                out.put(dir.relativize(p).toString(), content + " @" + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
