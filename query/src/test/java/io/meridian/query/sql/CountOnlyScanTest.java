package io.meridian.query.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.Holder;
import org.junit.jupiter.api.Test;

/** A count of files is counted by the table (no row per file), and exactly as SQL counts. */
class CountOnlyScanTest {
    private final MetadataStore store = new MetadataStore();

    @Test
    void aCountOfRowsIsAskedOfTheTableWhenItEvaluatesEveryFilter() throws Exception {
        assertThat(plan("SELECT count(*) FROM files")).contains("CountRowsRel");
        assertThat(plan("SELECT count(*), count(*) AS n FROM files WHERE tags['stage'] = 'x' AND path LIKE '/a/%'"))
                .contains("CountRowsRel");
        assertThat(plan("SELECT count(*) FROM files WHERE size + 1 > 1")).as("a filter only Calcite evaluates")
                .doesNotContain("CountRowsRel");
        assertThat(plan("SELECT count(size) FROM files")).doesNotContain("CountRowsRel");
        assertThat(plan("SELECT dir, count(*) FROM files GROUP BY dir")).doesNotContain("CountRowsRel");
        assertThat(plan("SELECT count(*) FROM silos")).doesNotContain("CountRowsRel");
    }

    @Test
    void countsAreExactOnEmptyAndFilledTables() {
        QueryEngine engine = new QueryEngine(store, QueryEngine.Limits.DEFAULT);
        assertThat(engine.query("SELECT count(*) FROM files").rows()).containsExactly(List.of(0L));
        store.putFile(Records.file("/a/b", 1, Map.of(), "nas"));
        store.putFile(Records.file("/a/c", 5, Map.of("stage", "x"), "nas"));
        assertThat(engine.query("SELECT count(*) FROM files").rows()).containsExactly(List.of(2L));
        assertThat(engine.query("SELECT count(*) FROM files WHERE tags['stage'] = 'y'").rows()).containsExactly(List.of(0L));
        assertThat(engine.query("SELECT count(*) FROM files WHERE path LIKE '/a/%' AND path <> '/a/b'").rows())
                .containsExactly(List.of(1L));
        assertThat(engine.query("SELECT count(*) FROM files WHERE path IN ('/a/b', '/z')").rows()).containsExactly(List.of(1L));
        assertThat(engine.query("SELECT count(*), count(*) FROM files WHERE tags['stage'] = 'x'").rows())
                .containsExactly(List.of(1L, 1L));
        assertThat(engine.query("SELECT count(*) FROM files WHERE size + 1 > 2 AND tags['stage'] IS NULL").rows())
                .containsExactly(List.of(0L));
        assertThat(engine.query("SELECT count(*) FROM files WHERE size + 1 > 1 AND tags['stage'] IS NULL").rows())
                .containsExactly(List.of(1L));
    }

    private String plan(String sql) throws Exception {
        try (Connection c = QueryEngine.open(MeridianSchema.over(store));
             Hook.Closeable guarded = Hook.PROGRAM.addThread((Holder<Program> program) -> program.set(GuardedRel.PROGRAM));
             PreparedStatement p = c.prepareStatement("EXPLAIN PLAN FOR " + sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
