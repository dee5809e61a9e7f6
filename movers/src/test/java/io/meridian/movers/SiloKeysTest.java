package io.meridian.movers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.config.SiloConfig;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiloKeysTest {

    @Test
    void shouldMapAPathToItsKeyBelowTheMountIncludingTheRootMount() throws MoveFailure {
        assertThat(SiloKeys.keyOf(silo("/data"), "/data/train/a.bin")).isEqualTo("train/a.bin");
        assertThat(SiloKeys.keyOf(silo("/data/"), "/data/train/a.bin")).isEqualTo("train/a.bin");
        assertThat(SiloKeys.keyOf(silo("/"), "/data/train/a.bin")).isEqualTo("data/train/a.bin");
    }

    @Test
    void shouldRefuseAPathOutsideTheMountAsABadCommand() {
        assertThat(SiloKeys.covers(silo("/data"), "/data-old/a.bin")).isFalse();
        assertThat(SiloKeys.covers(silo("/data"), "/data")).isFalse();
        assertThatThrownBy(() -> SiloKeys.keyOf(silo("/data"), "/data-old/a.bin"))
                .isInstanceOfSatisfying(MoveFailure.class, f -> assertThat(f.errorClass()).isEqualTo(MoveFailure.BAD_COMMAND))
                .hasMessageContaining("is not below silo s's mount /data");
    }

    private static SiloConfig silo(String mount) {
        return new SiloConfig("s", SiloKind.POSIX, "/srv/s", null, null, null, mount, "site", Tier.CAPACITY,
                1L << 30, 0, 0, 0.85, 0.7, null, Map.of());
    }
}
