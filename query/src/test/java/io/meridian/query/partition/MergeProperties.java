package io.meridian.query.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.query.store.HeapFileIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * The merges of the partitioned query tier: sorted answers of several owners become one answer in
 * the stores' order (UTF-8 bytes = code points), nothing lost or repeated; listings of several
 * partitions become one listing. jqwik prints the seed of a failing run; replay with
 * {@code @Property(seed = "...")}.
 */
class MergeProperties {
    @Property
    void compareIsTheOrderOfUtf8Bytes(@ForAll String a, @ForAll String b) {
        int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        assertThat(Integer.signum(SortedSource.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(bytes));
    }

    @Property
    void mergeOfSortedPartitionsIsTheSortedWhole(@ForAll @Size(max = 200) List<@StringLength(max = 6) String> paths,
                                                 @ForAll @IntRange(min = 1, max = 6) int partitions) {
        TreeSet<String> distinct = new TreeSet<>(SortedSource::compare);
        distinct.addAll(paths);
        List<List<Keyed>> parts = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            parts.add(new ArrayList<>());
        }
        for (String p : distinct) { // in order, so each part is sorted; spread by hash as Kafka does
            parts.get(Math.floorMod(p.hashCode(), partitions)).add(new Keyed(p, new Object[0], null, null));
        }
        List<SortedSource> sources = parts.stream().map(l -> SortedSource.of(l.iterator())).toList();
        List<String> merged = new ArrayList<>();
        try (SortedSource all = SortedSource.merge(sources)) {
            all.forEachRemaining(k -> merged.add(k.path()));
        }
        assertThat(merged).containsExactlyElementsOf(distinct);
    }

    @Property
    void childrenOfPartitionsAreTheChildrenOfTheWhole(@ForAll @Size(max = 100) List<@IntRange(min = 0, max = 40) Integer> picks,
                                                      @ForAll @IntRange(min = 1, max = 4) int partitions,
                                                      @ForAll @IntRange(min = 1, max = 30) int limit) {
        String[] names = {"/d/a", "/d/b.txt", "/d/s/x", "/d/s/y", "/d/t/u/v", "/d/z", "/e/f", "/d/s2/q"};
        HeapFileIndex whole = new HeapFileIndex();
        List<HeapFileIndex> parts = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            parts.add(new HeapFileIndex());
        }
        for (int pick : picks) {
            String path = names[pick % names.length] + (pick / names.length);
            var row = io.meridian.query.store.FileRow.of(io.meridian.query.testing.Records.file(path, 1, java.util.Map.of(), "nas"));
            io.meridian.query.store.HeapFileIndexAccess.put(whole, row);
            io.meridian.query.store.HeapFileIndexAccess.put(parts.get(Math.floorMod(path.hashCode(), partitions)), row);
        }
        List<List<String>> each = parts.stream().map(p -> p.children("/d/", limit)).toList();
        assertThat(Children.merge(each, limit)).isEqualTo(whole.children("/d/", limit));
    }
}
