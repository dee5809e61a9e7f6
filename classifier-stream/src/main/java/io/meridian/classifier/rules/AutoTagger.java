package io.meridian.classifier.rules;

import io.meridian.config.ClassificationRule;
import io.meridian.expr.FileFacts;
import io.meridian.schemas.FileRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes a file's auto-tags: the built-in ones (unless turned off), overridden key by key by the
 * config's CEL rules. Evaluated on every change of the record, so a tag disappears as soon as its
 * rule stops holding. Thread-safe once built; build one per app at start (rules compile there).
 */
public final class AutoTagger {
    private final boolean builtIns;
    private final CelRules rules;

    public AutoTagger(List<ClassificationRule> rules, boolean builtIns, Clock clock) {
        this.builtIns = builtIns;
        this.rules = CelRules.compile(rules, clock);
    }

    /** Whether a rule reads the clock, so that a file's auto-tags may change with time alone. */
    public boolean timeDependent() {
        return rules.readsClock();
    }

    /** The auto-tags of a record that has at least one instance. */
    public Map<String, String> tagsFor(FileRecord record) {
        FileFacts facts = FileFacts.of(record);
        Map<String, String> tags = builtIns ? BuiltInTags.tagsFor(facts) : new TreeMap<>();
        tags.putAll(rules.tagsFor(facts));
        return tags;
    }
}
