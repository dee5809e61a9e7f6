package io.meridian.query.sql;

import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code silos}: one row per configured silo with its usage ({@code used}, {@code free} and
 * {@code files} are 0 until the classifier reports usage). {@code id} and {@code silo} are the
 * same value, so that both {@code SELECT id} and {@code SELECT silo} read naturally.
 */
final class SilosTable extends RowTable<Silo> {

    SilosTable(MetadataStore store) {
        super(store, List.of(
                Column.of("id", SqlTypeName.VARCHAR, Silo::getId),
                Column.of("silo", SqlTypeName.VARCHAR, Silo::getId),
                Column.of("kind", SqlTypeName.VARCHAR, s -> s.getKind().name().toLowerCase()),
                Column.of("site", SqlTypeName.VARCHAR, Silo::getSite),
                Column.of("tier", SqlTypeName.VARCHAR, s -> s.getTier().name().toLowerCase()),
                Column.of("mount", SqlTypeName.VARCHAR, Silo::getMount),
                Column.of("capacity", SqlTypeName.BIGINT, Silo::getCapacityBytes),
                Column.of("used", SqlTypeName.BIGINT, s -> used(store, s)),
                Column.of("free", SqlTypeName.BIGINT, s -> Math.max(0, s.getCapacityBytes() - used(store, s))),
                Column.of("files", SqlTypeName.BIGINT,
                        s -> store.usage(s.getId()).map(SiloUsage::getFileCount).orElse(0L)),
                Column.of("state", SqlTypeName.VARCHAR, s -> s.getState().name().toLowerCase()),
                Column.stringMap("labels", Silo::getLabels),
                Column.of("high_watermark", SqlTypeName.DOUBLE, Silo::getHighWatermark),
                Column.of("low_watermark", SqlTypeName.DOUBLE, Silo::getLowWatermark)));
    }

    private static long used(MetadataStore store, Silo silo) {
        return store.usage(silo.getId()).map(SiloUsage::getUsedBytes).orElse(0L);
    }

    @Override
    protected Iterable<Silo> rows(List<RexNode> filters) {
        return store.silos().stream().sorted(Comparator.comparing(Silo::getId)).toList();
    }
}
