package io.meridian.classifier.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.meridian.config.ClassificationRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code classification:} rules of the config, compiled once at start with CEL (dev.cel:cel).
 * Variables: {@code path, name, ext, owner, silo} (string), {@code size, mtime} (int; mtime in epoch
 * milliseconds), {@code silos} (list of string), {@code tags} (map of string to string), {@code magic}
 * (string: the format sniffed from the file's first bytes, "" until known; see {@link ContentTag}),
 * and the function {@code ageDays(mtime)}. A rule that does not compile fails the start with its name and
 * CEL's message; a rule that fails at evaluation (e.g. {@code tags.stage} on a file without that
 * tag) does not hold for that file.
 */
public final class CelRules {
    private static final Logger LOG = LoggerFactory.getLogger(CelRules.class);
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String AGE_DAYS_OVERLOAD = "ageDays_int";

    private final List<Compiled> rules;
    private final boolean readsMagic;
    private final boolean readsClock;

    private record Compiled(ClassificationRule rule, CelRuntime.Program program, boolean readsMagic, boolean readsClock) {
    }

    private CelRules(List<Compiled> rules) {
        this.rules = List.copyOf(rules);
        this.readsMagic = rules.stream().anyMatch(Compiled::readsMagic);
        this.readsClock = rules.stream().anyMatch(Compiled::readsClock);
    }

    /** Compiles every rule; throws IllegalArgumentException naming the first rule that is invalid. */
    public static CelRules compile(List<ClassificationRule> rules, Clock clock) {
        CelCompiler compiler = compiler();
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .addFunctionBindings(CelFunctionBinding.from(AGE_DAYS_OVERLOAD, Long.class,
                        mtime -> (clock.millis() - mtime) / DAY_MILLIS))
                .build();
        List<Compiled> compiled = new ArrayList<>();
        for (ClassificationRule rule : rules) {
            CelAbstractSyntaxTree ast = checked(compiler, rule);
            compiled.add(new Compiled(rule, program(runtime, rule, ast), references(ast, ContentTag.VARIABLE),
                    callsOverload(ast, AGE_DAYS_OVERLOAD)));
        }
        return new CelRules(compiled);
    }

    /** The auto-tags of every rule that holds for {@code facts}; later rules win on the same key. */
    public Map<String, String> tagsFor(FileFacts facts) {
        Map<String, String> tags = new TreeMap<>();
        if (rules.isEmpty()) {
            return tags;
        }
        Map<String, Object> variables = facts.variables();
        for (Compiled compiled : rules) {
            if (holds(compiled, variables, facts.path())) {
                tags.putAll(compiled.rule().tags());
            }
        }
        return tags;
    }

    public int size() {
        return rules.size();
    }

    /** Whether some rule reads {@code magic}: only then is content worth sniffing. */
    public boolean readsMagic() {
        return readsMagic;
    }

    /** Whether some rule reads the clock ({@code ageDays}): only then can a rule change its mind without a file change. */
    public boolean readsClock() {
        return readsClock;
    }

    private static boolean callsOverload(CelAbstractSyntaxTree ast, String overload) {
        return ast.getReferenceMap().values().stream().anyMatch(reference -> reference.overloadIds().contains(overload));
    }

    private static boolean references(CelAbstractSyntaxTree ast, String variable) {
        return ast.getReferenceMap().values().stream().anyMatch(reference -> reference.name().equals(variable));
    }

    private static boolean holds(Compiled compiled, Map<String, Object> variables, String path) {
        try {
            return Boolean.TRUE.equals(compiled.program().eval(variables));
        } catch (CelEvaluationException e) {
            LOG.debug("Rule {} does not hold for {}: {}", compiled.rule().name(), path, e.getMessage());
            return false;
        }
    }

    private static CelAbstractSyntaxTree checked(CelCompiler compiler, ClassificationRule rule) {
        CelValidationResult result = compiler.compile(rule.when());
        if (result.hasError()) {
            throw new IllegalArgumentException("classification rule '" + rule.name() + "': when: \"" + rule.when()
                    + "\" is not a valid CEL expression over path, name, ext, size, mtime, owner, silo, silos, tags, magic:\n"
                    + result.getErrorString());
        }
        try {
            return result.getAst();
        } catch (CelValidationException e) {
            throw new IllegalArgumentException("classification rule '" + rule.name() + "': " + e.getMessage(), e);
        }
    }

    private static CelRuntime.Program program(CelRuntime runtime, ClassificationRule rule, CelAbstractSyntaxTree ast) {
        try {
            return runtime.createProgram(ast);
        } catch (Exception e) {
            throw new IllegalArgumentException("classification rule '" + rule.name() + "': cannot be planned: " + e.getMessage(), e);
        }
    }

    private static CelCompiler compiler() {
        return CelCompilerFactory.standardCelCompilerBuilder()
                .addVar("path", SimpleType.STRING)
                .addVar("name", SimpleType.STRING)
                .addVar("ext", SimpleType.STRING)
                .addVar("owner", SimpleType.STRING)
                .addVar("silo", SimpleType.STRING)
                .addVar("size", SimpleType.INT)
                .addVar("mtime", SimpleType.INT)
                .addVar("silos", ListType.create(SimpleType.STRING))
                .addVar("tags", MapType.create(SimpleType.STRING, SimpleType.STRING))
                .addVar(ContentTag.VARIABLE, SimpleType.STRING)
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("ageDays",
                        CelOverloadDecl.newGlobalOverload(AGE_DAYS_OVERLOAD, SimpleType.INT, SimpleType.INT)))
                .setResultType(SimpleType.BOOL)
                .build();
    }
}
