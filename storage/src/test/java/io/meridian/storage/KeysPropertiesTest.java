package io.meridian.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.storage.posix.PosixSiloStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** No key that passes validation can name a file outside the silo root (DESIGN.md invariant 7). */
class KeysPropertiesTest {
    private static final Path ROOT = Path.of("/silo/root");

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("..", ".", "", "a", "b c", "ü", "\u0000", "x/../.."),
                Arbitraries.strings().withChars("ab./\\ \u0001").ofMaxLength(4));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("/", parts));
    }

    @Property(tries = 2000)
    void validatedKeysNeverEscapeTheRoot(@ForAll("keys") String key) throws IOException {
        String valid;
        try {
            valid = Keys.check(key);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        Path resolved = ROOT.resolve(valid).normalize();
        assertThat(resolved.startsWith(ROOT)).as(key).isTrue();
        assertThat(resolved).isNotEqualTo(ROOT);
    }

    @Property(tries = 300)
    void posixStoreRejectsOrContainsEveryKey(@ForAll("keys") String key) throws IOException {
        Path root = Files.createTempDirectory("keys");
        try {
            Path resolved = new PosixSiloStore("p", root).resolve(key);
            assertThat(resolved.startsWith(root.toAbsolutePath())).isTrue();
        } catch (IllegalArgumentException rejected) {
            assertThat(rejected.getMessage()).contains("key");
        } finally {
            Files.deleteIfExists(root);
        }
    }
}
