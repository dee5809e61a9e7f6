package io.meridian.query.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Answers {@code SELECT count(*) FROM files [WHERE ...]} with a count from the table rather than a
 * row per file. Calcite plans such a query as a count over a scan of every column; over the
 * partitioned query tier that had every owner decode, project and send every row, and the receiving
 * instance build a row for each only to count it. This step replaces an aggregate of nothing but
 * {@code COUNT(*)}, without grouping, over a scan of {@code files} whose every filter the table
 * evaluates itself ({@link RowPredicates}, {@link PathRange}), by {@link CountRowsRel}: each owner
 * counts its matching rows and the counts are summed. Other plans are left as they are.
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
        if (!(current instanceof EnumerableAggregate aggregate) || !countsOnly(aggregate)) {
            return current;
        }
        RelNode input = aggregate.getInput();
        RelOptTable table;
        List<RexNode> filters;
        if (input instanceof EnumerableTableScan scan) {
            table = scan.getTable();
            filters = List.of();
        } else if (input instanceof EnumerableInterpreter interpreted
                && interpreted.getInput() instanceof Bindables.BindableTableScan scan) {
            table = scan.getTable();
            filters = scan.filters;
        } else {
            return current;
        }
        FilesTable files = table.unwrap(FilesTable.class);
        if (files == null || !files.evaluatesAll(filters)) {
            return current;
        }
        return EnumerableInterpreter.create(new CountRowsRel(aggregate.getCluster(),
                aggregate.getTraitSet().replace(BindableConvention.INSTANCE), table, filters, aggregate.getRowType()), 0.5);
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
