package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.classifier.rules.AutoTagger;
import io.meridian.config.ClassificationRule;
import io.meridian.expr.ContentTag;
import io.meridian.expr.FileFacts;
import io.meridian.placement.policy.CompiledPolicy;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Tag;
import io.meridian.schemas.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The same condition over the same file gives the same answer whichever stage evaluates it: the
 * classifier (a rule's tag is set) and placement (a policy matches). Both stages build their facts
 * and compile their conditions through io.meridian.expr; this holds them to it at their entry points.
 */
class ConditionParityPropertyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String MARK = "matched";

    @Property(tries = 200)
    void shouldAnswerAlikeInTheClassifierAndInPlacement(@ForAll("conditions") String when, @ForAll("records") FileRecord record) {
        AutoTagger classifier = new AutoTagger(List.of(new ClassificationRule("r", when, Map.of(MARK, "yes"))), false, CLOCK);
        CompiledPolicy placement = CompiledPolicy.of(Policy.newBuilder().setName("p").setWhen(when)
                .setPlace(PlacementSelector.newBuilder().setTier(Tier.ARCHIVE).build()).setCopies(1).setExclusive(false)
                .setPriority(0).setUpdatedAt(NOW).build(), CLOCK);

        assertThat(placement.matches(FileFacts.of(record))).as(when).isEqualTo(classifier.tagsFor(record).containsKey(MARK));
    }

    @Provide
    Arbitrary<String> conditions() {
        return Arbitraries.of("size > 1000000", "ageDays(mtime) > 30", "ext == 'parquet'", "name.startsWith('shard-')",
                "silo == 'a'", "'b' in silos", "tags.stage == 'training'", "has(tags.stage) && tags.stage != 'eval'",
                "owner == 'ana'", "magic == 'parquet'", "instances.exists(i, i.state == 'PRESENT' && i.silo == 'c')",
                "instances.all(i, i.size == size)", "path.startsWith('/datasets/train/') && size < 5000");
    }

    @Provide
    Arbitrary<FileRecord> records() {
        Arbitrary<String> paths = Combinators.combine(Arbitraries.of("/datasets/train/", "/other/"),
                Arbitraries.of("shard-1", "part", ".hidden"), Arbitraries.of(".parquet", ".CSV", ""))
                .as((dir, stem, ext) -> dir + stem + ext);
        Arbitrary<List<Instance>> instances = Arbitraries.subsetOf("a", "b", "c").flatMap(silos -> Combinators.combine(
                silos.stream().map(ConditionParityPropertyTest::instance).toList()).as(List::copyOf));
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(Arbitraries.of("stage", ContentTag.KEY),
                Arbitraries.of("training", "eval", "parquet", ContentTag.UNKNOWN)).ofMaxSize(2);
        return Combinators.combine(paths, instances, tags, Arbitraries.of("ana", "bo").injectNull(0.3))
                .as(ConditionParityPropertyTest::record);
    }

    private static Arbitrary<Instance> instance(String silo) {
        Arbitrary<Long> days = Arbitraries.longs().between(-1, 40);
        return Combinators.combine(Arbitraries.of(10L, 4999L, 2_000_000L), days, days, Arbitraries.of(InstanceState.class))
                .as((size, mtimeDays, updatedDays, state) -> Instance.newBuilder().setSilo(silo).setSize(size)
                        .setMtime(NOW.minus(Duration.ofDays(mtimeDays))).setUpdatedAt(NOW.minus(Duration.ofDays(updatedDays)))
                        .setState(state).setSequencer("0000000000000001-0").build());
    }

    private static FileRecord record(String path, List<Instance> instances, Map<String, String> tags, String owner) {
        Map<String, Tag> own = new HashMap<>();
        tags.forEach((key, value) -> own.put(key, Tag.newBuilder().setValue(value).setSetBy("ana").setSetAt(NOW).build()));
        return FileRecord.newBuilder().setPath(path).setInstances(instances).setTags(own).setFileType(FileType.FILE)
                .setOwner(owner).setVersion(1).setUpdatedAt(NOW).build();
    }
}
