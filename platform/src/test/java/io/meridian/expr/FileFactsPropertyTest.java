package io.meridian.expr;

import static io.meridian.expr.Records.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The answers of a condition depend only on the file, not on how its facts were reached: not on the
 * order of the instance list (the current instance is a total order), not on which variables an
 * earlier condition read first (lazy facts), and not on whether a rule or a policy asks.
 */
class FileFactsPropertyTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<String> SILOS = List.of("a", "b", "c", "d");
    private static final List<String> EITHER = List.of(
            "size > 1000000", "ageDays(mtime) > 30", "ageDays(mtime) < 0", "ext == 'parquet'", "name.startsWith('shard-')",
            "silo == 'a'", "'b' in silos", "tags.stage == 'training'", "!('stage' in tags) || tags.stage == 'eval'",
            "owner == 'ana'", "magic == 'parquet'", "instances.exists(i, i.state == 'PRESENT' && i.silo == 'c')",
            "instances.size() > 2", "path.startsWith('/datasets/train/') && size < 5000", "silo == 'b' && mtime % 2 == 0");
    private static final List<Condition> AS_RULES = compile(EITHER, Condition.Use.CLASSIFICATION);
    private static final List<Condition> AS_POLICIES = compile(EITHER, Condition.Use.POLICY);

    @Property(tries = 300)
    void shouldAnswerTheSameWhateverTheOrderOfTheInstances(@ForAll("records") FileRecord record, @ForAll long seed) {
        List<Instance> shuffled = new ArrayList<>(record.getInstances());
        Collections.shuffle(shuffled, new Random(seed));
        FileRecord reordered = FileRecord.newBuilder(record).setInstances(shuffled).build();

        assertThat(answers(AS_POLICIES, FileFacts.of(reordered))).isEqualTo(answers(AS_POLICIES, FileFacts.of(record)));
    }

    @Property(tries = 300)
    void shouldAnswerTheSameWhateverWasReadBefore(@ForAll("records") FileRecord record, @ForAll long seed) {
        FileFacts warm = FileFacts.of(record);
        List<Variable> variables = new ArrayList<>(List.of(Variable.values()));
        Collections.shuffle(variables, new Random(seed));
        variables.forEach(warm::value);
        List<Condition> shuffled = new ArrayList<>(AS_POLICIES);
        Collections.shuffle(shuffled, new Random(seed));

        FileFacts cold = FileFacts.of(record);
        for (Condition condition : shuffled) {
            assertThat(condition.matches(cold)).as(condition.source()).isEqualTo(condition.matches(warm));
        }
    }

    @Property(tries = 300)
    void shouldAnswerTheSameForARuleAndForAPolicy(@ForAll("records") FileRecord record) {
        assertThat(answers(AS_RULES, FileFacts.of(record))).isEqualTo(answers(AS_POLICIES, FileFacts.of(record)));
    }

    @Provide
    Arbitrary<FileRecord> records() {
        Arbitrary<String> paths = Combinators.combine(
                Arbitraries.of("/datasets/train/", "/datasets/eval/", "/other/"),
                Arbitraries.of("shard-1", "part", ".hidden", "x.tar"),
                Arbitraries.of(".parquet", ".PARQUET", ".csv", "")).as((dir, stem, ext) -> dir + stem + ext);
        Arbitrary<List<Instance>> instances = Arbitraries.subsetOf(SILOS).flatMap(silos -> Combinators.combine(
                silos.stream().map(FileFactsPropertyTest::instance).toList()).as(List::copyOf));
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(Arbitraries.of("stage", ContentTag.KEY, "team"),
                Arbitraries.of("training", "eval", "parquet", ContentTag.UNKNOWN)).ofMaxSize(3);
        Arbitrary<String> owners = Arbitraries.of("ana", "bo").injectNull(0.3);
        return Combinators.combine(paths, instances, tags, owners)
                .as((path, list, tagMap, owner) -> Records.record(path, list, tagMap, Map.of(), owner));
    }

    private static Arbitrary<Instance> instance(String silo) {
        // few distinct times and sizes, so that ties (what copies look like) are common
        Arbitrary<Long> days = Arbitraries.longs().between(-2, 60);
        Arbitrary<Long> sizes = Arbitraries.of(0L, 10L, 4999L, 2_000_000L);
        return Combinators.combine(sizes, days, days, Arbitraries.of(InstanceState.class))
                .as((size, mtimeDays, updatedDays, state) -> Records.instance(silo, size, NOW.minus(Duration.ofDays(mtimeDays)),
                        NOW.minus(Duration.ofDays(updatedDays)), state));
    }

    private static List<Boolean> answers(List<Condition> conditions, FileFacts facts) {
        return conditions.stream().map(condition -> condition.matches(facts)).toList();
    }

    private static List<Condition> compile(List<String> conditions, Condition.Use use) {
        return conditions.stream().map(when -> Condition.compile(when, use, CLOCK)).toList();
    }
}
