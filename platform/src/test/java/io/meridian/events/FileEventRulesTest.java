package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileEventRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private final FileEventRules rules = FileEventRules.of(Map.of("nas", "/datasets", "lake", "/"), () -> NOW);

    static FileEvent.Builder valid() {
        return FileEvent.newBuilder().setSilo("nas").setPath("/datasets/a.bin").setType(FileEventType.UPSERT)
                .setFileType(FileType.FILE).setSize(42).setMtime(NOW.minusSeconds(60)).setObservedAt(NOW)
                .setSequencer(Sequencer.of(NOW, 1)).setSource(EventSource.HOOK);
    }

    private String refusal(UnaryOperator<FileEvent.Builder> change) {
        try {
            rules.check(change.apply(valid()).build());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void shouldAcceptEveryProducersEventsAtTheEdgesOfTheRanges() {
        assertThat(refusal(e -> e)).isNull();
        assertThat(refusal(e -> e.setSize(FileEventRules.MAX_SIZE).setMtime(FileEventRules.MAX_MTIME))).isNull();
        assertThat(refusal(e -> e.setSize(0).setMtime(Instant.EPOCH).setMode(07777).setCrc32c(0xFFFF_FFFFL))).isNull();
        assertThat(refusal(e -> e.setSequencer(Sequencer.of(NOW.plus(FileEventRules.MAX_FUTURE_SKEW), Long.MAX_VALUE)))).isNull();
        assertThat(refusal(e -> e.setSequencer(Sequencer.of(Instant.EPOCH, "0055AED6DCD90281E5")))).isNull();
        assertThat(refusal(e -> e.setSilo("lake").setPath("/anywhere/x"))).isNull();
        assertThat(refusal(e -> e.setPath("/datasets").setType(FileEventType.UNREADABLE).setMessage("denied\n"))).isNull();
        assertThat(refusal(e -> e.setOwner("x".repeat(256)).setVersionId("v".repeat(1024)).setMessage("m".repeat(8192))
                .setSymlinkTarget("../t".repeat(1024)).setOwner("\uD83D\uDE00"))).isNull();
    }

    @Test
    void shouldRefuseSizesBeyondTwoToTheFiftyThreeAndNegativeOnes() {
        assertThat(refusal(e -> e.setSize(Long.MAX_VALUE))).isEqualTo("'size' 9223372036854775807 is out of range 0..9007199254740992 (2^53)");
        assertThat(refusal(e -> e.setSize(FileEventRules.MAX_SIZE + 1))).contains("'size'");
        assertThat(refusal(e -> e.setSize(-5))).contains("'size' -5 is out of range");
        assertThat(refusal(e -> e.setMode(-1))).contains("'mode'");
        assertThat(refusal(e -> e.setMode(0100644))).contains("'mode'");
        assertThat(refusal(e -> e.setCrc32c(1L << 32))).contains("'crc32c'");
    }

    @Test
    void shouldRefuseTimesOutsideTheirRange() {
        assertThat(refusal(e -> e.setMtime(Instant.ofEpochMilli(-99_999_999_999_999_999L)))).startsWith("'mtime' ").contains("out of range");
        assertThat(refusal(e -> e.setMtime(Instant.parse("+999999999-12-31T23:59:59Z")))).startsWith("'mtime' ");
        assertThat(refusal(e -> e.setMtime(Instant.EPOCH.minusMillis(1)))).startsWith("'mtime' ");
        assertThat(refusal(e -> e.setObservedAt(NOW.plus(FileEventRules.MAX_FUTURE_SKEW).plusMillis(1)))).startsWith("'observedAt' ");
        assertThat(refusal(e -> e.setObservedAt(Instant.ofEpochMilli(-1)))).startsWith("'observedAt' ");
    }

    @Test
    void shouldRefuseASequencerFromTheFutureThatWouldFreezeTheFile() {
        assertThat(refusal(e -> e.setSequencer("7258118400000000-1"))).startsWith("'sequencer' '7258118400000000-1' is in the future");
        assertThat(refusal(e -> e.setSequencer(Sequencer.of(NOW.plus(FileEventRules.MAX_FUTURE_SKEW).plusNanos(1_000), 1))))
                .contains("in the future");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999-1", "1769860800000000-", "-0-0", "1769860800000000-a b", "9999999999999999-1"})
    void shouldRefuseTheProbesSequencers(String sequencer) {
        assertThat(refusal(e -> e.setSequencer(sequencer))).startsWith("'sequencer' ");
    }

    @Test
    void shouldRefusePathsOutsideTheSilosMount() {
        assertThat(refusal(e -> e.setPath("/etc/passwd"))).isEqualTo("'path' '/etc/passwd' is outside the silo's mount '/datasets'");
        assertThat(refusal(e -> e.setPath("/datasets-other/a"))).contains("outside the silo's mount");
        assertThat(refusal(e -> e.setType(FileEventType.RENAME).setPreviousPath("/etc/shadow"))).startsWith("'previousPath' '/etc/shadow' is outside");
        assertThat(refusal(e -> e.setType(FileEventType.RENAME))).contains("a RENAME needs 'previousPath'");
        assertThat(refusal(e -> e.setPath("/datasets/a/../../etc/passwd"))).startsWith("'path' ").contains("'..'");
        assertThat(refusal(e -> e.setPath("/datasets/a\u0000b"))).startsWith("'path' ").contains("NUL");
        assertThat(refusal(e -> e.setPath("/datasets/" + "p".repeat(5000)))).startsWith("'path' ").contains("4096");
        assertThat(refusal(e -> e.setSilo("tape"))).isEqualTo("unknown silo 'tape'; configured: lake, nas");
        assertThat(refusal(e -> e.setSilo("t".repeat(1_000_000)))).startsWith("unknown silo 'tttt").hasSizeLessThan(200);
    }

    @Test
    void shouldBoundEveryStringAndNameTheField() {
        assertThat(refusal(e -> e.setOwner("x".repeat(5_000_000)))).isEqualTo("'owner' is 5000000 characters long; at most 256 are allowed");
        assertThat(refusal(e -> e.setEtag("x".repeat(257)))).startsWith("'etag' ");
        assertThat(refusal(e -> e.setFileKey("x".repeat(257)))).startsWith("'fileKey' ");
        assertThat(refusal(e -> e.setVersionId("x".repeat(1025)))).startsWith("'versionId' ");
        assertThat(refusal(e -> e.setSymlinkTarget("x".repeat(4097)))).startsWith("'symlinkTarget' ");
        assertThat(refusal(e -> e.setMessage("x".repeat(8193)))).startsWith("'message' ");
        assertThat(refusal(e -> e.setOwner("a\u001b[2Jb"))).isEqualTo("'owner' contains control character U+001B");
        assertThat(refusal(e -> e.setMessage("a\u0000"))).startsWith("'message' contains control character U+0000");
        assertThat(refusal(e -> e.setOwner("a\uD800"))).contains("'owner' contains an unpaired UTF-16 surrogate");
    }

    @Test
    void shouldAskTheClockEachTime() {
        Instant[] now = {NOW};
        FileEventRules moving = FileEventRules.of(Map.of("nas", "/datasets"), () -> now[0]);
        FileEvent later = valid().setSequencer(Sequencer.of(NOW.plus(FileEventRules.MAX_FUTURE_SKEW).plusSeconds(10), 1)).build();
        assertThatThrownBy(() -> moving.check(later)).hasMessageContaining("in the future");
        now[0] = NOW.plusSeconds(10);
        assertThat(moving.check(later)).isSameAs(later);
    }
}
