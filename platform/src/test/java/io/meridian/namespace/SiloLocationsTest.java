package io.meridian.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.Tier;
import org.junit.jupiter.api.Test;

class SiloLocationsTest {

    @Test
    void shouldGiveThePathBelowTheMountWithOrWithoutItsTrailingSlash() {
        assertThat(SiloLocations.relative("/datasets", "/datasets/train/a.bin")).isEqualTo("train/a.bin");
        assertThat(SiloLocations.relative("/datasets/", "/datasets/train/a.bin")).isEqualTo("train/a.bin");
    }

    @Test
    void shouldGiveTheWholePathWithoutItsLeadingSlashBelowTheRootMount() {
        assertThat(SiloLocations.relative("/", "/datasets/train/a.bin")).isEqualTo("datasets/train/a.bin");
        assertThat(SiloLocations.covers("/", "/a.bin")).isTrue();
        assertThat(SiloLocations.covers("/", "/")).isFalse();
    }

    @Test
    void shouldNotCoverTheMountItselfNorASiblingThatSharesItsName() {
        assertThat(SiloLocations.covers("/datasets", "/datasets")).isFalse();
        assertThat(SiloLocations.covers("/datasets/", "/datasets/")).isFalse();
        assertThat(SiloLocations.covers("/datasets/", "/datasets")).isFalse();
        assertThat(SiloLocations.covers("/datasets", "/datasets-old/a.bin")).isFalse();
        assertThatThrownBy(() -> SiloLocations.relative("/datasets", "/datasets-old/a.bin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not below the mount /datasets");
    }

    @Test
    void shouldNormalizeS3PrefixesWithOrWithoutSlashes() {
        assertThat(SiloLocations.s3Prefix(null)).isEmpty();
        assertThat(SiloLocations.s3Prefix("")).isEmpty();
        assertThat(SiloLocations.s3Prefix(" ")).isEmpty();
        assertThat(SiloLocations.s3Prefix("/")).isEmpty();
        assertThat(SiloLocations.s3Prefix("team/data")).isEqualTo("team/data/");
        assertThat(SiloLocations.s3Prefix("team/data/")).isEqualTo("team/data/");
        assertThat(SiloLocations.s3Prefix("/team/data")).isEqualTo("team/data/");
        assertThat(SiloLocations.s3Prefix("/team/data/")).isEqualTo("team/data/");
    }

    @Test
    void shouldJoinPosixRootAndKeyIntoAnAbsoluteFilePath() {
        assertThat(SiloLocations.uri(posix("/datasets", "/srv/nvme"), "/datasets/train/a.bin")).contains("/srv/nvme/train/a.bin");
        assertThat(SiloLocations.uri(posix("/datasets/", "/srv/nvme/"), "/datasets/train/a.bin"))
                .contains("/srv/nvme/train/a.bin");
        assertThat(SiloLocations.uri(posix("/", "/srv/nvme"), "/datasets/a.bin")).contains("/srv/nvme/datasets/a.bin");
        assertThat(SiloLocations.uri(posix("/datasets", "/"), "/datasets/a.bin")).contains("/a.bin");
    }

    @Test
    void shouldBuildS3UriFromBucketNormalizedPrefixAndKey() {
        assertThat(SiloLocations.uri(s3("/datasets", "lake", "/meridian"), "/datasets/train/a.bin"))
                .contains("s3://lake/meridian/train/a.bin");
        assertThat(SiloLocations.uri(s3("/datasets", "lake", "meridian/"), "/datasets/train/a.bin"))
                .contains("s3://lake/meridian/train/a.bin");
        assertThat(SiloLocations.uri(s3("/datasets", "lake", null), "/datasets/train/a.bin")).contains("s3://lake/train/a.bin");
        assertThat(SiloLocations.uri(s3("/", "lake", ""), "/datasets/a b.bin")).contains("s3://lake/datasets/a b.bin");
    }

    @Test
    void shouldHaveNoUriWhenThePathIsOutsideTheMountOrTheSiloLacksItsRootOrBucket() {
        assertThat(SiloLocations.uri(posix("/datasets", "/srv/nvme"), "/scratch/a.bin")).isEmpty();
        assertThat(SiloLocations.uri(posix("/datasets", null), "/datasets/a.bin")).isEmpty();
        assertThat(SiloLocations.uri(s3("/datasets", null, "p"), "/datasets/a.bin")).isEmpty();
    }

    private static Silo posix(String mount, String root) {
        return silo(SiloKind.POSIX, mount).setRoot(root).build();
    }

    private static Silo s3(String mount, String bucket, String prefix) {
        return silo(SiloKind.S3, mount).setBucket(bucket).setPrefix(prefix).setEndpoint("http://localhost:9000").build();
    }

    private static Silo.Builder silo(SiloKind kind, String mount) {
        return Silo.newBuilder().setId("s").setKind(kind).setMount(mount).setSite("gpu-east").setTier(Tier.NVME)
                .setCapacityBytes(1L << 30).setState(SiloState.ACTIVE);
    }
}
