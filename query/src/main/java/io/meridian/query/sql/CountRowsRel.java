package io.meridian.query.sql;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.interpreter.Interpreter;
import org.apache.calcite.interpreter.InterpretableRel;
import org.apache.calcite.interpreter.Node;
import org.apache.calcite.interpreter.Row;
import org.apache.calcite.interpreter.Sink;
import org.apache.calcite.interpreter.BindableRel;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * One row whose every column is the number of {@code files} rows that pass {@code filters}, counted
 * by the table ({@link FilesTable#count}); planned by {@link CountOnlyScan} for {@code count(*)}.
 */
final class CountRowsRel extends AbstractRelNode implements BindableRel {
    private final RelOptTable files;
    private final List<RexNode> filters;

    CountRowsRel(RelOptCluster cluster, RelTraitSet traits, RelOptTable files, List<RexNode> filters, RelDataType rowType) {
        super(cluster, traits);
        this.files = files;
        this.filters = List.copyOf(filters);
        this.rowType = rowType;
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("table", files.getQualifiedName()).itemIf("filters", filters, !filters.isEmpty());
    }

    @Override
    public Node implement(InterpreterImplementor implementor) {
        Sink sink = implementor.compiler.sink(this);
        DataContext root = implementor.dataContext;
        FilesTable table = files.unwrap(FilesTable.class);
        int columns = rowType.getFieldCount();
        return () -> {
            long n = table.count(root, filters);
            Object[] values = new Object[columns];
            Arrays.fill(values, n);
            sink.send(Row.asCopy(values));
            sink.end();
        };
    }

    @Override
    public Class<Object[]> getElementType() {
        return Object[].class;
    }

    @Override
    public Enumerable<Object[]> bind(DataContext dataContext) {
        return new Interpreter(dataContext, this);
    }
}
