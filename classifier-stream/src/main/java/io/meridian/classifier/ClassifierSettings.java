package io.meridian.classifier;

import io.meridian.config.ClassificationRule;
import io.meridian.config.MeridianConfig;
import java.time.Clock;
import java.util.List;

/**
 * What the classifier topology is built from: the config's classification rules, whether the
 * built-in AI-data auto-tags apply, and the clock {@code ageDays(mtime)} reads.
 */
public record ClassifierSettings(List<ClassificationRule> rules, boolean builtInTags, Clock clock) {

    public ClassifierSettings {
        rules = List.copyOf(rules);
    }

    /** The settings of a validated config. */
    public static ClassifierSettings of(MeridianConfig config) {
        return new ClassifierSettings(config.classification(), config.classificationDefaults(), Clock.systemUTC());
    }
}
