package io.meridian.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PathScopeTest {

    @Test
    void shouldBoundAConjunctionByItsPathPrefix() {
        assertThat(prefixes("tags.stage == 'training' && path.startsWith('/datasets/train/')")).containsExactly("/datasets/train/");
    }

    @Test
    void shouldBoundADisjunctionByTheUnionWithoutNestedPrefixes() {
        assertThat(prefixes("path.startsWith('/b/') || path.startsWith('/a/') || path.startsWith('/a/x/')"))
                .containsExactly("/a/", "/b/");
    }

    @Test
    void shouldNotBoundWhatCanMatchOutsideThePrefix() {
        assertThat(prefixes("tags.stage == 'training'")).isEqualTo(PathScope.ALL);
        assertThat(prefixes("!path.startsWith('/a/')")).isEqualTo(PathScope.ALL);
        assertThat(prefixes("path.startsWith('/a/') || size > 10")).isEqualTo(PathScope.ALL);
        assertThat(prefixes("path.endsWith('.parquet')")).isEqualTo(PathScope.ALL);
    }

    private static List<String> prefixes(String when) {
        return PolicyExpression.compile(when, Clock.systemUTC()).pathPrefixes();
    }
}
