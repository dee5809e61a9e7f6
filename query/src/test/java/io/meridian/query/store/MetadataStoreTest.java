package io.meridian.query.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.query.testing.Records;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MetadataStoreTest {

    @Test
    void shouldListDirectChildrenAndSkipOverSubtrees() {
        MetadataStore store = new MetadataStore();
        for (String path : List.of("/d/a.bin", "/d/sub/x.bin", "/d/sub/deeper/y.bin", "/d/sub2/z.bin", "/d/z.bin", "/e/q.bin", "/d.txt")) {
            store.putFile(Records.file(path, 1, Map.of(), "nas"));
        }
        assertThat(store.children("/d/", 100)).containsExactly("/d/a.bin", "/d/sub/", "/d/sub2/", "/d/z.bin");
        assertThat(store.children("/", 100)).containsExactly("/d.txt", "/d/", "/e/");
        assertThat(store.children("/d/", 2)).containsExactly("/d/a.bin", "/d/sub/");
    }

    @Test
    void shouldTellListenersOfChangesAndDeletions() throws Exception {
        MetadataStore store = new MetadataStore();
        List<String> seen = new ArrayList<>();
        try (AutoCloseable subscription = store.onFileChange((path, row) -> seen.add(path + (row == null ? " deleted" : " " + row.size())))) {
            store.putFile(Records.file("/d/a.bin", 5, Map.of(), "nas"));
            store.removeFile("/d/a.bin");
            store.removeFile("/d/never.bin");
        }
        store.putFile(Records.file("/d/b.bin", 5, Map.of(), "nas"));
        assertThat(seen).containsExactly("/d/a.bin 5", "/d/a.bin deleted");
    }

    @Test
    void shouldFoldTagCommandsOnADirectoryInOrder() {
        MetadataStore store = new MetadataStore();
        store.directoryTagCommand("/d/", tagCommand(TagOp.SET, Map.of("stage", "training", "owner", "ml"), List.of()));
        store.directoryTagCommand("/d/", tagCommand(TagOp.SET, Map.of("stage", "eval"), List.of()));
        store.directoryTagCommand("/d/", tagCommand(TagOp.REMOVE, Map.of(), List.of("owner", "never-set")));
        assertThat(store.directoryTags("/d/")).containsExactly(Map.entry("stage", "eval"));
        store.directoryTagCommand("/d/", tagCommand(TagOp.REMOVE, Map.of(), List.of("stage")));
        assertThat(store.directoryTags("/d/")).isEmpty();
        assertThat(store.directoryTags("/other/")).isEmpty();
    }

    private static TagCommand tagCommand(TagOp op, Map<String, String> tags, List<String> keys) {
        return TagCommand.newBuilder().setPath("/d/").setOp(op).setTags(tags).setKeys(keys).setActor("test")
                .setAt(Instant.EPOCH).setCommandId("c").build();
    }

    @Property
    void prefixRangeHoldsExactlyThePathsWithThePrefix(@ForAll @StringLength(max = 6) String prefix,
                                                      @ForAll @StringLength(max = 6) String other) {
        String end = MetadataStore.prefixEnd(prefix);
        boolean inRange = other.compareTo(prefix) >= 0 && (end == null || other.compareTo(end) < 0);
        assertThat(inRange).isEqualTo(other.startsWith(prefix));
    }
}
