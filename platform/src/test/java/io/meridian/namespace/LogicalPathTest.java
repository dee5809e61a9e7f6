package io.meridian.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LogicalPathTest {
    @Test
    void shouldAcceptOrdinaryPathsWithSpacesAndUnicode() {
        assertThat(LogicalPath.file("/datasets/train/shard 001.parquet")).isEqualTo("/datasets/train/shard 001.parquet");
        assertThat(LogicalPath.file("/données/日本/ü.bin")).isEqualTo("/données/日本/ü.bin");
        assertThat(LogicalPath.directory("/datasets/train/")).isEqualTo("/datasets/train/");
        assertThat(LogicalPath.directory("/")).isEqualTo("/");
    }

    @Test
    void shouldRefuseEscapesAndGarbageWithTheReason() {
        assertThatThrownBy(() -> LogicalPath.file("/datasets/../etc/passwd")).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> LogicalPath.file("datasets/a")).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> LogicalPath.file("/a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> LogicalPath.file("/a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> LogicalPath.file("/a/./b")).hasMessageContaining("'.' segment");
        assertThatThrownBy(() -> LogicalPath.file("/a/b/")).hasMessageContaining("must not end in '/'");
        assertThatThrownBy(() -> LogicalPath.directory("/a/b")).hasMessageContaining("must end in '/'");
        assertThatThrownBy(() -> LogicalPath.file("/a\nb")).hasMessageContaining("control character U+000A");
        assertThatThrownBy(() -> LogicalPath.file("/a\uD800b")).hasMessageContaining("unpaired UTF-16 surrogate");
        assertThatThrownBy(() -> LogicalPath.file("")).hasMessageContaining("empty");
    }

    @Test
    void shouldJoinMountAndRelativePath() {
        assertThat(LogicalPath.under("/datasets", "a/b.bin")).isEqualTo("/datasets/a/b.bin");
        assertThat(LogicalPath.under("/", "a/b.bin")).isEqualTo("/a/b.bin");
        assertThatThrownBy(() -> LogicalPath.under("/datasets", "../x")).isInstanceOf(PathRejectedException.class);
    }

    @Test
    void shouldTellWhetherAPathIsBelowADirectory() {
        assertThat(LogicalPath.isUnder("/datasets/train/a", "/datasets/train/")).isTrue();
        assertThat(LogicalPath.isUnder("/datasets/training", "/datasets/train")).isFalse();
    }

    @Property
    void acceptedPathsNeverClimbOutOfTheirRoot(@ForAll("paths") String path) {
        try {
            String valid = LogicalPath.file(path);
            assertThat(List.of(valid.split("/"))).doesNotContain("..", ".");
            assertThat(valid).startsWith("/").doesNotContain("\0").doesNotContain("//");
        } catch (PathRejectedException rejected) {
            assertThat(rejected.reason()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("..", ".", "", "a", "b c", "\0", "ü", "\n"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6));
        return segment.list().ofMaxSize(6).map(parts -> "/" + String.join("/", parts));
    }
}
