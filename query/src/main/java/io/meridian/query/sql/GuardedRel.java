package io.meridian.query.sql;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * A pass-through operator that runs {@link QueryGuard#guard} on the rows of its input. {@link #PROGRAM}
 * plans as Calcite does, then puts one above every input of every Enumerable operator, so that joins,
 * recursive unions, sorts and aggregates see a check for each row they take in.
 */
final class GuardedRel extends SingleRel implements EnumerableRel {
    private static final Method GUARD = Types.lookupMethod(QueryGuard.class, "guard", Enumerable.class);

    /** Calcite's standard program, then {@link CountOnlyScan}, then the placement of guards. */
    static final Program PROGRAM = Programs.sequence(Programs.standard(),
            (planner, rel, traits, materializations, lattices) -> guardInputs(CountOnlyScan.apply(rel)));

    private GuardedRel(RelNode input) {
        super(input.getCluster(), input.getTraitSet(), input);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new GuardedRel(sole(inputs));
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
        Expression rows = builder.append("rows", input.block);
        builder.add(Expressions.return_(null, Expressions.call(GUARD, rows)));
        return implementor.result(input.physType, builder.toBlock());
    }

    /** The plan with a guard above each input of each Enumerable operator; other operators (interpreted scans) are left as they are. */
    static RelNode guardInputs(RelNode node) {
        if (!(node instanceof EnumerableRel) || node.getInputs().isEmpty()) {
            return node;
        }
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode guarded = guardInputs(input);
            if (guarded instanceof EnumerableRel && !(guarded instanceof GuardedRel)) {
                guarded = new GuardedRel(guarded);
            }
            changed |= guarded != input;
            inputs.add(guarded);
        }
        return changed ? node.copy(node.getTraitSet(), inputs) : node;
    }
}
