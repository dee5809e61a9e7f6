package io.meridian.classifier.rules;

import io.meridian.config.ClassificationRule;
import io.meridian.expr.Condition;
import io.meridian.expr.FileFacts;
import io.meridian.expr.Variable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code classification:} rules of the config, each a {@link Condition} compiled once at start
 * (the language policies use too, over the same {@link FileFacts}; a rule may not read
 * {@code autoTags}, which rules compute). A rule that does not compile fails the start with its
 * name and the condition's problem; a rule that fails at evaluation (e.g. {@code tags.stage} on a
 * file without that tag) does not hold for that file.
 */
public final class CelRules {
    private final List<Compiled> rules;
    private final boolean readsMagic;
    private final boolean readsClock;

    private record Compiled(ClassificationRule rule, Condition when) {
    }

    private CelRules(List<Compiled> rules) {
        this.rules = List.copyOf(rules);
        this.readsMagic = rules.stream().anyMatch(compiled -> compiled.when().reads(Variable.MAGIC));
        this.readsClock = rules.stream().anyMatch(compiled -> compiled.when().readsClock());
    }

    /** Compiles every rule; throws IllegalArgumentException naming the first rule that is invalid. */
    public static CelRules compile(List<ClassificationRule> rules, Clock clock) {
        List<Compiled> compiled = new ArrayList<>();
        for (ClassificationRule rule : rules) {
            try {
                compiled.add(new Compiled(rule, Condition.compile(rule.when(), Condition.Use.CLASSIFICATION, clock)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("classification rule '" + rule.name() + "': when: " + e.getMessage(), e);
            }
        }
        return new CelRules(compiled);
    }

    /** The auto-tags of every rule that holds for {@code facts}; later rules win on the same key. */
    public Map<String, String> tagsFor(FileFacts facts) {
        Map<String, String> tags = new TreeMap<>();
        for (Compiled compiled : rules) {
            if (compiled.when().matches(facts)) {
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
}
