package io.meridian.expr;

import static io.meridian.expr.Records.NOW;
import static io.meridian.expr.Records.instance;
import static io.meridian.expr.Records.present;
import static io.meridian.expr.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileFactsTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void shouldTakeTheNewestPresentContentAsTheCurrentInstanceEvenWhenAnOlderCopyWasUpdatedLater() {
        FileRecord record = record("/d/a.bin",
                instance("nas", 10, NOW.minusSeconds(100), NOW, InstanceState.PRESENT), // re-listed just now
                instance("s3", 20, NOW.minusSeconds(50), NOW.minusSeconds(40), InstanceState.PRESENT),
                instance("gpu", 30, NOW.minusSeconds(10), NOW, InstanceState.COPYING));

        FileFacts facts = FileFacts.of(record);

        assertThat(List.of(facts.value(Variable.SILO), facts.size(), facts.value(Variable.MTIME)))
                .containsExactly("s3", 20L, NOW.minusSeconds(50).toEpochMilli());
    }

    @Test
    void shouldFallBackToTheNewestCopyInAnyStateWhenNoneIsPresent() {
        FileRecord record = record("/d/a.bin",
                instance("nas", 10, NOW.minusSeconds(100), NOW, InstanceState.STALE),
                instance("gpu", 30, NOW.minusSeconds(10), NOW.minusSeconds(5), InstanceState.COPYING));

        assertThat(FileFacts.current(record).getSilo()).isEqualTo("gpu");
        assertThat(FileFacts.of(record).size()).isEqualTo(30);
    }

    @Test
    void shouldBreakTiesOnContentTimeByLatestUpdateThenSmallestSiloId() {
        var older = instance("a", 1, NOW, NOW.minusSeconds(5), InstanceState.PRESENT);
        var newer = instance("b", 1, NOW, NOW, InstanceState.PRESENT);
        var sameAsNewer = instance("c", 1, NOW, NOW, InstanceState.PRESENT);

        assertThat(FileFacts.current(record("/d/x", older, newer)).getSilo()).isEqualTo("b");
        assertThat(FileFacts.current(record("/d/x", sameAsNewer, newer)).getSilo()).isEqualTo("b");
        assertThat(FileFacts.current(record("/d/x", newer, sameAsNewer)).getSilo()).isEqualTo("b");
    }

    @Test
    void shouldGiveZeroSizeZeroMtimeAndNoSiloWithoutInstances() {
        FileFacts facts = FileFacts.of(record("/d/gone.bin"));

        assertThat(List.of(facts.size(), facts.value(Variable.MTIME), facts.value(Variable.SILO), facts.value(Variable.SILOS)))
                .containsExactly(0L, 0L, "", List.of());
    }

    @Test
    void shouldDeriveNameAndLowerCaseExtensionFromThePath() {
        assertThat(ext("/d/archive.tar.gz")).isEqualTo("gz");
        assertThat(ext("/d/TABLE.PARQUET")).isEqualTo("parquet");
        assertThat(ext("/d/.bashrc")).isEmpty();
        assertThat(ext("/d/README")).isEmpty();
        assertThat(FileFacts.of(record("/d/e/shard-1.tfrecord", present("nas", 1, NOW))).value(Variable.NAME))
                .isEqualTo("shard-1.tfrecord");
    }

    @Test
    void shouldSeeTheSniffedFormatAsMagicAndUnknownAsEmpty() {
        FileRecord sniffed = record("/d/t.csv", List.of(present("nas", 1, NOW)), Map.of(ContentTag.KEY, "parquet"), Map.of(), null);
        FileRecord unknown = record("/d/t.csv", List.of(present("nas", 1, NOW)), Map.of(ContentTag.KEY, ContentTag.UNKNOWN), Map.of(), null);

        assertThat(FileFacts.of(sniffed).value(Variable.MAGIC)).isEqualTo("parquet");
        assertThat(FileFacts.of(unknown).value(Variable.MAGIC)).isEqualTo("");
        assertThat(FileFacts.of(record("/d/t.csv", present("nas", 1, NOW))).value(Variable.MAGIC)).isEqualTo("");
    }

    @Test
    void shouldBuildOnlyTheVariablesAConditionReads() {
        FileRecord record = record("/datasets/a.bin", present("nas", 1, NOW));
        record.setTags(null); // building tags would now fail
        Condition onPath = Condition.compile("path.startsWith('/datasets/') && size == 1", Condition.Use.POLICY, CLOCK);

        FileFacts facts = FileFacts.of(record);

        assertThat(onPath.matches(facts)).isTrue();
        assertThatThrownBy(() -> facts.value(Variable.TAGS)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldListEveryInstanceWithItsState() {
        FileRecord record = record("/d/a.bin", present("nas", 5, NOW.minus(Duration.ofDays(1))),
                instance("gpu", 5, NOW, NOW, InstanceState.COPYING));

        assertThat(FileFacts.of(record).value(Variable.INSTANCES)).asList().containsExactly(
                Map.of("silo", "nas", "size", 5L, "mtime", NOW.minus(Duration.ofDays(1)).toEpochMilli(), "state", "PRESENT"),
                Map.of("silo", "gpu", "size", 5L, "mtime", NOW.toEpochMilli(), "state", "COPYING"));
        assertThat(FileFacts.of(record).value(Variable.SILOS)).isEqualTo(List.of("nas", "gpu"));
    }

    private static String ext(String path) {
        return FileFacts.of(record(path, present("nas", 1, NOW))).ext();
    }
}
