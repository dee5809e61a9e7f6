package io.meridian.classifier.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.SiloUsage;
import java.math.BigInteger;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Usage sums saturate instead of wrapping: no size sum may show a silo with negative usage. */
class UsageDeltasTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldSaturateInsteadOfWrappingWhenTwoHugeSizesAreSummed() {
        // What issue #13 saw: two events of size Long.MAX_VALUE made `silos` show used -2.
        SiloUsage total = null;
        for (int partition = 0; partition < 3; partition++) {
            total = UsageDeltas.add(total, new SiloUsage("nas", Long.MAX_VALUE, 1L, AT));
        }
        assertThat(total.getUsedBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(total.getFileCount()).isEqualTo(3);
        assertThat(UsageDeltas.add(new SiloUsage("nas", Long.MIN_VALUE, 0L, AT), new SiloUsage("nas", -1L, 0L, AT)).getUsedBytes())
                .isEqualTo(Long.MIN_VALUE);
    }

    @Property
    void saturatedAddIsTheExactSumClampedToLong(@ForAll long a, @ForAll long b) {
        BigInteger exact = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
        BigInteger clamped = exact.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(UsageDeltas.saturatedAdd(a, b)).isEqualTo(clamped.longValueExact());
    }
}
