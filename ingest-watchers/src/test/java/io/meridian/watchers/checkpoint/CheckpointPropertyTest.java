package io.meridian.watchers.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The checkpoint, grouped by directory, answers like one sorted map of every path: same previous
 * fingerprints, same paths under any string prefix (directories whose names extend each other
 * included), same unseen paths, also right after a sweep saw everything.
 */
class CheckpointPropertyTest {
    private static final List<String> PATHS = List.of("/a", "/b", "/a/b", "/a/b/c", "/a/b/d", "/a/b-c/x", "/a/bc/y",
            "/a/b/c/z", "/a/bc", "/x/y/z", "/x/y-z");
    private static final List<String> PREFIXES = List.of("", "/", "/a", "/a/", "/a/b", "/a/b/", "/a/b-", "/a/bc/", "/a/b/c",
            "/x/y", "/x/y/", "/nope/");

    /** One step: record (sweep given), remove, or a new sweep. */
    record Op(int kind, String path, long fingerprint) {
    }

    @Property(tries = 300)
    void answersLikeOneSortedMapOfPaths(@ForAll("ops") List<Op> ops) {
        Checkpoint checkpoint = Checkpoint.load(Path.of("/nonexistent/checkpoint"));
        Map<String, long[]> model = new TreeMap<>(); // path -> {fingerprint, sweep}
        long sweep = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    long[] previous = model.put(op.path(), new long[] {op.fingerprint(), sweep});
                    assertThat(checkpoint.record(op.path(), op.fingerprint(), sweep))
                            .isEqualTo(previous == null ? Fingerprint.NONE : previous[0]);
                }
                case 1 -> {
                    model.remove(op.path());
                    checkpoint.remove(op.path());
                }
                default -> sweep++;
            }
            assertThat(checkpoint.size()).isEqualTo(model.size());
            for (String path : PATHS) {
                assertThat(checkpoint.contains(path)).isEqualTo(model.containsKey(path));
            }
            for (String prefix : PREFIXES) {
                long current = sweep;
                assertThat(checkpoint.pathsUnder(prefix, p -> true)).isEqualTo(under(model, prefix, e -> true));
                assertThat(checkpoint.unseen(prefix, current, p -> true)).isEqualTo(under(model, prefix, e -> e[1] != current));
            }
        }
    }

    private static List<String> under(Map<String, long[]> model, String prefix, java.util.function.Predicate<long[]> filter) {
        List<String> paths = new ArrayList<>();
        model.forEach((path, entry) -> {
            if (path.startsWith(prefix) && filter.test(entry)) {
                paths.add(path);
            }
        });
        return paths;
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(0, 0, 0, 1, 2), Arbitraries.of(PATHS), Arbitraries.longs().between(2, 5))
                .as(Op::new);
        return op.list().ofMaxSize(40);
    }
}
