package io.meridian.query.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.sql.SqlKind;

/**
 * Lets a table know when a query needs its rows but none of their columns. Calcite plans
 * {@code SELECT count(*) FROM t} as a count over a scan of every column; for the partitioned query
 * tier that means every owner decoding, projecting and sending every row only to be counted. This
 * step rewrites such a scan, under an aggregate of nothing but {@code COUNT(*)} with no grouping, as
 * a scan that asks for no columns (keeping its filters), so a table can answer with a count instead
 * (see {@link FileScan#countOnly()}). The rows-processed and deadline checks stay in the scan ({@link RowTable}).
 */
final class CountOnlyScan {
    private CountOnlyScan() {
    }

    static RelNode apply(RelNode node) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode rewritten = apply(input);
            changed |= rewritten != input;
            inputs.add(rewritten);
        }
        RelNode current = changed ? node.copy(node.getTraitSet(), inputs) : node;
        if (current instanceof EnumerableAggregate aggregate && countsOnly(aggregate)) {
            RelNode input = aggregate.getInput();
            List<RexNode> filters;
            RelOptTable table;
            if (input instanceof EnumerableTableScan scan) {
                table = scan.getTable();
                filters = List.of();
            } else if (input instanceof EnumerableInterpreter interpreted
                    && interpreted.getInput() instanceof Bindables.BindableTableScan scan) {
                table = scan.getTable();
                filters = scan.filters; // those the table does not take, the interpreter evaluates on the columns it adds
            } else {
                return current;
            }
            if (table.unwrap(ProjectableFilterableTable.class) == null) {
                return current;
            }
            // The scan and a constant per row are interpreted (Bindable), as Calcite runs a filtered scan; the
            // count stays Enumerable. Neither generated code nor the interpreter's aggregate takes rows of no
            // columns well (a cast failure; no row at all for an empty input), so each row becomes [0].
            RelOptCluster cluster = aggregate.getCluster();
            RelNode columnless = Bindables.BindableTableScan.create(cluster, table, filters, List.of());
            List<RexNode> zero = List.of(cluster.getRexBuilder().makeExactLiteral(BigDecimal.ZERO));
            RelNode ones = new Bindables.BindableProject(cluster, columnless.getTraitSet(), columnless, zero,
                    RexUtil.createStructType(cluster.getTypeFactory(), zero, List.of("zero"), null));
            return aggregate.copy(aggregate.getTraitSet(), List.of(EnumerableInterpreter.create(ones, 0.5)));
        }
        return current;
    }

    private static boolean countsOnly(EnumerableAggregate aggregate) {
        if (!aggregate.getGroupSet().isEmpty() || aggregate.getAggCallList().isEmpty()) {
            return false;
        }
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation().getKind() != SqlKind.COUNT || !call.getArgList().isEmpty() || call.hasFilter()
                    || call.isDistinct()) {
                return false;
            }
        }
        return true;
    }
}
