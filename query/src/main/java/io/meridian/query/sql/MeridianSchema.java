package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The only schema a query sees: {@code files}, {@code instances}, {@code silos}, {@code moves},
 * {@code staging} and {@code accesses}, all read-only views of the {@link MetadataStore}.
 */
final class MeridianSchema extends AbstractSchema {
    static final String NAME = "meridian";

    private final Map<String, Table> tables;

    private MeridianSchema(Map<String, Table> tables) {
        this.tables = tables;
    }

    /** The tables over the whole store. */
    static MeridianSchema over(MetadataStore store) {
        return withFiles(store, new FilesTable(store));
    }

    /** The same tables with {@code files} replaced, e.g. by the single changed row of a push query. */
    static MeridianSchema withFiles(MetadataStore store, Table files) {
        return new MeridianSchema(Map.of(
                "files", files,
                "instances", new InstancesTable(store),
                "silos", new SilosTable(store),
                "moves", new MovesTable(store),
                "staging", new StagingTable(store),
                "accesses", new AccessesTable(store)));
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}
