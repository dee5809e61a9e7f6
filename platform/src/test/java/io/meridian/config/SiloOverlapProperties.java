package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over generated silo sets whose roots and prefixes are drawn from a few names (so that equal,
 * nested and sibling-with-common-prefix storage like {@code /data/a} vs {@code /data/ab} are
 * frequent, and are written with trailing slashes, {@code .} and {@code x/..}): the loader accepts
 * exactly the sets in which no two silos share storage, and fails with nothing but a
 * ConfigException. An independent oracle compares the generated path components.
 */
class SiloOverlapProperties {
    /** A directory that does not exist, so no symbolic link can take part. */
    private static final String BASE = "/meridian-prop-no-such-dir";

    /** A generated silo: its storage as path components, and how it is written in the YAML. */
    record GenSilo(boolean s3, String endpoint, String bucket, List<String> parts, String written) {
        boolean overlaps(GenSilo other) {
            if (s3 != other.s3 || s3 && (!sameEndpoint(other) || !bucket.equals(other.bucket))) {
                return false;
            }
            int common = Math.min(parts.size(), other.parts.size());
            return parts.subList(0, common).equals(other.parts.subList(0, common));
        }

        private boolean sameEndpoint(GenSilo other) {
            return endpoint.toLowerCase().replaceAll("/$", "").equals(other.endpoint.toLowerCase().replaceAll("/$", ""));
        }
    }

    @Property(tries = 400)
    void shouldAcceptExactlyTheSiloSetsWithoutOverlappingStorage(@ForAll("siloSets") List<GenSilo> silos) {
        String yaml = yaml(silos);
        boolean overlapping = overlapping(silos);
        try {
            ConfigLoader.parse("meridian.yaml", yaml, Path.of(BASE));
            assertThat(overlapping).as("accepted overlapping silos:%n%s", yaml).isFalse();
        } catch (ConfigException e) {
            assertThat(overlapping).as("refused %s:%n%s", e.getMessage(), yaml).isTrue();
            assertThat(e.getMessage()).containsAnyOf("silo roots must not overlap", "silos must not share keys");
        }
    }

    @Provide
    Arbitrary<List<GenSilo>> siloSets() {
        return Arbitraries.oneOf(posix(), s3()).list().ofMinSize(1).ofMaxSize(5);
    }

    private static Arbitrary<GenSilo> posix() {
        return Combinators.combine(parts(), Arbitraries.of("", "/", "/."), Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as((parts, tail, detour, relative) -> {
                    String path = String.join("/", withDetour(parts, detour));
                    String written = relative ? "./" + path + tail : BASE + "/" + path + tail;
                    return new GenSilo(false, null, null, parts, written.equals("./") ? "." : written);
                });
    }

    private static Arbitrary<GenSilo> s3() {
        return Combinators.combine(Arbitraries.of("embedded", "https://s3.example.com", "https://S3.example.com/"),
                        Arbitraries.of("lake", "pond"), parts(), Arbitraries.of("", "/"))
                .as((endpoint, bucket, parts, tail) -> new GenSilo(true, endpoint, bucket, parts, parts.isEmpty() ? "" : String.join("/", parts) + tail));
    }

    private static Arbitrary<List<String>> parts() {
        return Arbitraries.of("a", "ab", "b", "data").list().ofMaxSize(3);
    }

    /** The same directory, written with a detour through a sibling ({@code a/zz/../b}). */
    private static List<String> withDetour(List<String> parts, boolean detour) {
        List<String> written = new ArrayList<>(parts);
        if (detour) {
            written.add(written.size() / 2, "zz/..");
        }
        return written;
    }

    private static boolean overlapping(List<GenSilo> silos) {
        for (int i = 0; i < silos.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (silos.get(i).overlaps(silos.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String yaml(List<GenSilo> silos) {
        StringBuilder yaml = new StringBuilder("silos:\n");
        for (int i = 0; i < silos.size(); i++) {
            GenSilo silo = silos.get(i);
            yaml.append("  - { id: s").append(i).append(", mount: /datasets, site: x, tier: capacity, capacity: 1GiB, ");
            if (silo.s3()) {
                yaml.append("kind: s3, endpoint: '").append(silo.endpoint()).append("', bucket: ").append(silo.bucket())
                        .append(silo.written().isEmpty() ? "" : ", prefix: '" + silo.written() + "'")
                        .append(", credentials: env:LAKE }\n");
            } else {
                yaml.append("kind: posix, root: '").append(silo.written()).append("' }\n");
            }
        }
        return yaml.toString();
    }
}
