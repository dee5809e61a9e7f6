package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One stored file belongs to one silo: overlapping roots and bucket prefixes are refused, shared mounts are not. */
class SiloOverlapTest {
    private static final Path BASE = Path.of("/srv/meridian");
    private static final String WHY = "; silo roots must not overlap (a file would belong to two silos)";

    @Test
    void shouldRefuseTwoSilosWithTheSameRoot() {
        assertError(posix("/data/nas", "/data/nas"), 3, "silos[1].root", "'/data/nas' is also the root of silos[0] (a)" + WHY);
    }

    @Test
    void shouldCompareRootsAfterNormalisingDotsAndTrailingSlashes() {
        assertError(posix("/data/nas/", "/data/x/../nas/."), 3, "silos[1].root", "'/data/nas' is also the root of silos[0] (a)" + WHY);
        assertError(posix("./data", "/srv/meridian/data/"), 3, "silos[1].root", "'/srv/meridian/data' is also the root of silos[0] (a)" + WHY);
    }

    @Test
    void shouldRefuseARootInsideAnotherSilosRootInEitherOrder() {
        assertError(posix("/data", "/data/nvme/"), 3, "silos[1].root",
                "'/data/nvme' is inside the root of silos[0] (a), '/data'" + WHY);
        assertError(posix("/data/nvme", "/data/"), 3, "silos[1].root",
                "'/data' contains the root of silos[0] (a), '/data/nvme'" + WHY);
        assertError(posix("/", "/data"), 3, "silos[1].root", "'/data' is inside the root of silos[0] (a), '/'" + WHY);
    }

    @Test
    void shouldAcceptSiblingRootsWithACommonPrefixAndSilosThatShareAMount() {
        MeridianConfig config = ConfigLoader.parse("meridian.yaml", posix("/data/a", "/data/ab"), BASE);

        assertThat(config.silos()).extracting(SiloConfig::mount).containsExactly("/datasets", "/datasets");
    }

    @Test
    void shouldAcceptNestedMountsOverSeparateRoots() {
        String text = posix("/data/a", "/data/b").replaceFirst("mount: /datasets", "mount: /datasets/train");

        assertThat(ConfigLoader.parse("meridian.yaml", text, BASE).silos()).hasSize(2);
    }

    @Test
    void shouldSeeThroughASymbolicLinkToAnotherSilosRoot(@TempDir Path dir) throws Exception {
        Path real = Files.createDirectories(dir.resolve("nas"));
        Path link = Files.createSymbolicLink(dir.resolve("alias"), real);

        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", posix(real.toString(), link + "/sub"), BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("meridian.yaml:3: silos[1].root: '" + link + "/sub' is inside the root of silos[0] (a)");
    }

    @Test
    void shouldRefuseOverlappingPrefixesOfOneBucket() {
        assertError(s3("embedded", "", "embedded", "datasets/"), 3, "silos[1].prefix",
                "bucket 'lake' prefix 'datasets/' overlaps silos[0] (a), (whole bucket) of the same bucket on embedded"
                        + "; silos must not share keys (a file would belong to two silos)");
        assertError(s3("embedded", "datasets/train", "embedded", "datasets"), 3, "silos[1].prefix",
                "bucket 'lake' prefix 'datasets/' overlaps silos[0] (a), prefix 'datasets/train/' of the same bucket on embedded"
                        + "; silos must not share keys (a file would belong to two silos)");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml",
                s3("https://S3.example.com/", "x/", "https://s3.example.com", "x/"), BASE))
                .hasMessageContaining("silos[1].prefix: bucket 'lake' prefix 'x/' overlaps silos[0] (a), prefix 'x/'");
    }

    @Test
    void shouldAcceptOneBucketWithDisjointPrefixesOrOnTwoEndpoints() {
        assertThat(ConfigLoader.parse("meridian.yaml", s3("embedded", "data/a", "embedded", "data/ab"), BASE).silos()).hasSize(2);
        assertThat(ConfigLoader.parse("meridian.yaml", s3("embedded", "", "https://s3.example.com", ""), BASE).silos()).hasSize(2);
    }

    private static String posix(String rootA, String rootB) {
        return "silos:\n"
                + "  - { id: a, kind: posix, root: '" + rootA + "', mount: /datasets, site: s, tier: capacity, capacity: 1GiB }\n"
                + "  - { id: b, kind: posix, root: '" + rootB + "', mount: /datasets, site: s, tier: nvme, capacity: 1GiB }\n";
    }

    private static String s3(String endpointA, String prefixA, String endpointB, String prefixB) {
        return "silos:\n" + bucket("a", endpointA, prefixA) + bucket("b", endpointB, prefixB);
    }

    private static String bucket(String id, String endpoint, String prefix) {
        return "  - { id: " + id + ", kind: s3, endpoint: '" + endpoint + "', bucket: lake,"
                + (prefix.isEmpty() ? "" : " prefix: '" + prefix + "',")
                + " mount: /lake, site: s, tier: archive, capacity: 1TiB, credentials: env:LAKE }\n";
    }

    private static void assertError(String text, int line, String field, String problem) {
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml:" + line + ": " + field + ": " + problem);
    }
}
