package io.meridian.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A {@code when:} of Meridian's one condition language: a CEL expression over the {@link Variable}s
 * of a file, with the standard macros ({@code has}, {@code exists}, {@code all}...) and
 * {@code ageDays(t)}, type-checked to a boolean when compiled. Classification rules
 * and policies compile with this class, and the config loader, {@code meridian policy apply} and
 * {@code POST /v1/policies} check with {@link #problem}, so every place refuses the same mistakes with
 * the same message. Evaluation errors (a tag key the file does not have, say) mean "does not hold":
 * a rule never tags, and a policy never moves, a file it cannot evaluate. Thread-safe once compiled;
 * compile once (at start, or when a policy changes) and evaluate many times.
 */
public final class Condition {
    /** Where a condition is written; a classification rule may not read the auto-tags it computes. */
    public enum Use { CLASSIFICATION, POLICY }

    /** Whole days from an epoch-millis time to now, rounded down (negative for a time in the future). */
    public static final String AGE_DAYS = "ageDays";
    private static final String AGE_DAYS_OVERLOAD = "ageDays_int";
    private static final long DAY_MILLIS = 86_400_000L;
    private static final CelCompiler COMPILER = compiler();
    private static final String VARIABLES = Arrays.stream(Variable.values()).map(Variable::id)
            .collect(Collectors.joining(", "));

    private final String source;
    private final CelAbstractSyntaxTree ast;
    private final CelRuntime.Program program;

    private Condition(String source, CelAbstractSyntaxTree ast, CelRuntime.Program program) {
        this.source = source;
        this.ast = ast;
        this.program = program;
    }

    /**
     * Compiles {@code when}; {@code clock} is what {@code ageDays} measures against.
     *
     * @throws IllegalArgumentException with {@link #problem}'s message when it is not a valid condition
     */
    public static Condition compile(String when, Use use, Clock clock) {
        CelAbstractSyntaxTree ast = checked(when, use);
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .addFunctionBindings(CelFunctionBinding.from(AGE_DAYS_OVERLOAD, Long.class,
                        time -> Math.floorDiv(clock.millis() - time, DAY_MILLIS)))
                .build();
        try {
            return new Condition(when, ast, runtime.createProgram(ast));
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("'" + when + "' cannot be prepared: " + e.getMessage(), e);
        }
    }

    /**
     * What is wrong with {@code when} as a condition, in the words every place that refuses it uses
     * (it does not parse, names an unknown variable, does not type-check, is not a boolean, or is a
     * rule that reads {@code autoTags}); null when it is valid.
     */
    public static String problem(String when, Use use) {
        try {
            checked(when, use);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** True when the condition holds for these facts; false when it does not or cannot be evaluated. */
    public boolean matches(FileFacts facts) {
        try {
            return Boolean.TRUE.equals(program.eval(facts));
        } catch (CelEvaluationException e) {
            return false;
        }
    }

    /** Whether the condition reads {@code variable}: the classifier sniffs content only when one reads {@code magic}. */
    public boolean reads(Variable variable) {
        return ast.getReferenceMap().values().stream().anyMatch(reference -> reference.name().equals(variable.id()));
    }

    /** Whether the condition reads the clock ({@code ageDays}), so that it may change its answer with time alone. */
    public boolean readsClock() {
        return ast.getReferenceMap().values().stream().anyMatch(reference -> reference.overloadIds().contains(AGE_DAYS_OVERLOAD));
    }

    /** The checked syntax tree, for analyses such as the path prefixes a condition is bounded to. */
    public CelExpr syntax() {
        return ast.getExpr();
    }

    /** The condition exactly as written. */
    public String source() {
        return source;
    }

    private static CelAbstractSyntaxTree checked(String when, Use use) {
        if (when == null || when.isBlank()) {
            throw new IllegalArgumentException("is empty; write a CEL condition such as \"tags.stage == 'training'\"");
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = COMPILER.compile(when).getAst();
        } catch (CelValidationException e) {
            String known = e.getMessage().contains("undeclared reference")
                    ? "\n(variables: " + VARIABLES + "; function: " + AGE_DAYS + "(int))" : "";
            throw new IllegalArgumentException("'" + when + "' is not valid CEL: " + e.getMessage() + known, e);
        }
        if (!ast.getResultType().equals(SimpleType.BOOL)) {
            throw new IllegalArgumentException("'" + when + "' is a " + ast.getResultType().name()
                    + ", not a condition; it must evaluate to true or false");
        }
        if (use == Use.CLASSIFICATION && ast.getReferenceMap().values().stream()
                .anyMatch(reference -> reference.name().equals(Variable.AUTO_TAGS.id()))) {
            throw new IllegalArgumentException("'" + when + "' reads " + Variable.AUTO_TAGS.id()
                    + ", which classification rules compute; a rule cannot read them (repeat the condition of the rule that sets the tag)");
        }
        return ast;
    }

    private static CelCompiler compiler() {
        // the standard macros (has, all, exists, exists_one, map, filter): without them a list such as
        // instances cannot be quantified over, and has(tags.x) cannot ask for a tag
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        for (Variable variable : Variable.values()) {
            builder.addVar(variable.id(), variable.type());
        }
        return builder.addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(AGE_DAYS,
                        CelOverloadDecl.newGlobalOverload(AGE_DAYS_OVERLOAD, SimpleType.INT, SimpleType.INT)))
                .build();
    }
}
