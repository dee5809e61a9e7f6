package io.meridian.classifier;

import static io.meridian.classifier.TestEvents.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.classifier.rules.AutoTagger;
import io.meridian.config.ClassificationRule;
import io.meridian.schemas.FileRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rules over time start holding as time passes, without any change of the file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgeRulesTest {
    private static final String FILE = "/datasets/logs/run-1.jsonl";
    private static final List<ClassificationRule> OLD = List.of(new ClassificationRule("old", "ageDays(mtime) > 30", Map.of("age", "old")));

    @TempDir
    Path stateDir;

    @Test
    void shouldStartHoldingAnAgeRuleWhenTheFileGetsOldWithoutAnyEvent() {
        MutableClock clock = new MutableClock(TestEvents.T0.plus(Duration.ofDays(10)));
        try (ClassifierDriver classifier = new ClassifierDriver(stateDir, new ClassifierSettings(OLD, false, clock), "nas")) {
            classifier.pipe(upsert(FILE, "nas", 10, 1));
            assertThat(classifier.latest().get(FILE).getAutoTags()).isEmpty();

            classifier.driver.advanceWallClockTime(Duration.ofMinutes(1));
            assertThat(classifier.latest()).isEmpty(); // still young: nothing re-emitted

            clock.now = TestEvents.T0.plus(Duration.ofDays(32));
            classifier.driver.advanceWallClockTime(Duration.ofMinutes(1));
            FileRecord aged = classifier.latest().get(FILE);
            assertThat(aged.getAutoTags()).isEqualTo(Map.of("age", "old"));
            assertThat(aged.getVersion()).isEqualTo(2);
        }
    }

    @Test
    void shouldSweepOnlyWhenSomeRuleReadsTheClock() {
        Clock clock = Clock.systemUTC();
        assertThat(new AutoTagger(OLD, true, clock).timeDependent()).isTrue();
        assertThat(new AutoTagger(List.of(new ClassificationRule("big", "size > 5 && mtime > 0", Map.of("big", "yes"))), true, clock)
                .timeDependent()).isFalse();
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
