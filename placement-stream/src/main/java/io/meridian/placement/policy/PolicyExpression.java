package io.meridian.placement.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Clock;
import java.util.List;

/**
 * A policy's {@code when}: a CEL expression over {@link FileFacts}, type-checked to a boolean at
 * compile time, plus {@code ageDays(mtime)} (whole days between an epoch-millis time and now).
 * Evaluation errors (a missing tag key, say) mean "does not match": a policy never moves a file it
 * cannot evaluate. Thread-safe once compiled.
 */
public final class PolicyExpression {
    private static final String AGE_DAYS = "ageDays";
    private static final long DAY_MILLIS = 86_400_000L;
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar(FileFacts.PATH, SimpleType.STRING)
            .addVar(FileFacts.SIZE, SimpleType.INT)
            .addVar(FileFacts.MTIME, SimpleType.INT)
            .addVar(FileFacts.TAGS, MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar(FileFacts.AUTO_TAGS, MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar(FileFacts.INSTANCES, ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN)))
            .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(AGE_DAYS,
                    CelOverloadDecl.newGlobalOverload("ageDays_int", SimpleType.INT, SimpleType.INT)))
            .build();

    private final String source;
    private final CelRuntime.Program program;
    private final List<String> pathPrefixes;

    private PolicyExpression(String source, CelRuntime.Program program, List<String> pathPrefixes) {
        this.source = source;
        this.program = program;
        this.pathPrefixes = pathPrefixes;
    }

    /**
     * Compiles {@code when}; {@code clock} is what {@code ageDays} measures against.
     *
     * @throws IllegalArgumentException naming the problem when it does not parse, does not type-check
     *                                  or is not a boolean
     */
    public static PolicyExpression compile(String when, Clock clock) {
        if (when == null || when.isBlank()) {
            throw new IllegalArgumentException("is empty; write a CEL condition such as \"tags.stage == 'training'\"");
        }
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(when).getAst();
            if (!ast.getResultType().equals(SimpleType.BOOL)) {
                throw new IllegalArgumentException("'" + when + "' is a " + ast.getResultType().name()
                        + ", not a condition; it must evaluate to true or false");
            }
            CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                    .addFunctionBindings(CelFunctionBinding.from("ageDays_int", Long.class,
                            mtime -> Math.floorDiv(clock.millis() - mtime, DAY_MILLIS)))
                    .build();
            return new PolicyExpression(when, runtime.createProgram(ast), PathScope.of(ast.getExpr()));
        } catch (CelValidationException e) {
            throw new IllegalArgumentException("'" + when + "' is not valid CEL: " + e.getMessage(), e);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("'" + when + "' cannot be prepared: " + e.getMessage(), e);
        }
    }

    /** True when the expression holds for these facts; false when it does not or cannot be evaluated. */
    public boolean matches(FileFacts facts) {
        try {
            return Boolean.TRUE.equals(program.eval(facts));
        } catch (CelEvaluationException e) {
            return false;
        }
    }

    /**
     * Path prefixes outside which the expression is false (a list with the empty prefix when it does
     * not restrict the path), so a change of the policy re-evaluates only those key ranges.
     */
    public List<String> pathPrefixes() {
        return pathPrefixes;
    }

    /** The expression exactly as written. */
    public String source() {
        return source;
    }
}
