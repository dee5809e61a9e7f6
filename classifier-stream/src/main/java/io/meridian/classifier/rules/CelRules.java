package io.meridian.classifier.rules;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
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
 * milliseconds), {@code silos} (list of string), {@code tags} (map of string to string), and the
 * function {@code ageDays(mtime)}. A rule that does not compile fails the start with its name and
 * CEL's message; a rule that fails at evaluation (e.g. {@code tags.stage} on a file without that
 * tag) does not hold for that file.
 */
public final class CelRules {
    private static final Logger LOG = LoggerFactory.getLogger(CelRules.class);
    private static final long DAY_MILLIS = 86_400_000L;

    private final List<Compiled> rules;

    private record Compiled(ClassificationRule rule, CelRuntime.Program program) {
    }

    private CelRules(List<Compiled> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Compiles every rule; throws IllegalArgumentException naming the first rule that is invalid. */
    public static CelRules compile(List<ClassificationRule> rules, Clock clock) {
        CelCompiler compiler = compiler();
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .addFunctionBindings(CelFunctionBinding.from("ageDays_int", Long.class,
                        mtime -> (clock.millis() - mtime) / DAY_MILLIS))
                .build();
        List<Compiled> compiled = new ArrayList<>();
        for (ClassificationRule rule : rules) {
            compiled.add(new Compiled(rule, program(compiler, runtime, rule)));
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

    private static boolean holds(Compiled compiled, Map<String, Object> variables, String path) {
        try {
            return Boolean.TRUE.equals(compiled.program().eval(variables));
        } catch (CelEvaluationException e) {
            LOG.debug("Rule {} does not hold for {}: {}", compiled.rule().name(), path, e.getMessage());
            return false;
        }
    }

    private static CelRuntime.Program program(CelCompiler compiler, CelRuntime runtime, ClassificationRule rule) {
        CelValidationResult result = compiler.compile(rule.when());
        if (result.hasError()) {
            throw new IllegalArgumentException("classification rule '" + rule.name() + "': when: \"" + rule.when()
                    + "\" is not a valid CEL expression over path, name, ext, size, mtime, owner, silo, silos, tags:\n"
                    + result.getErrorString());
        }
        try {
            return runtime.createProgram(result.getAst());
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
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("ageDays",
                        CelOverloadDecl.newGlobalOverload("ageDays_int", SimpleType.INT, SimpleType.INT)))
                .setResultType(SimpleType.BOOL)
                .build();
    }
}
