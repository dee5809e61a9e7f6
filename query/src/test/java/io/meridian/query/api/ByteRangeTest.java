package io.meridian.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void shouldParseTheThreeFormsOfASingleRange() {
        assertThat(ByteRange.parse("bytes=10-19", 100)).contains(new ByteRange(10, 19));
        assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-5", 100)).contains(new ByteRange(95, 99));
        assertThat(ByteRange.parse("bytes=50-5000", 100)).contains(new ByteRange(50, 99));
    }

    @Test
    void shouldServeEverythingForMissingOrMultipleRanges() {
        assertThat(ByteRange.parse(null, 100)).isEqualTo(Optional.empty());
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isEqualTo(Optional.empty());
        assertThat(ByteRange.parse("items=0-1", 100)).isEqualTo(Optional.empty());
    }

    @Test
    void shouldRefuseRangesOutsideTheContent() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.UnsatisfiableRangeException.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=9-3", 100)).isInstanceOf(ByteRange.UnsatisfiableRangeException.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.UnsatisfiableRangeException.class);
    }

    @Test
    void shouldReadPositionsTooLargeForALongAsBeyondTheContent() {
        // RFC 9110 14.1.2: a last-pos at or past the end means the remainder; a longer suffix means everything.
        assertThat(ByteRange.parse("bytes=0-99999999999999999999", 100)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=-9223372036854775808", 100)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=-99999999999999999999999999", 100)).contains(new ByteRange(0, 99));
    }

    @Test
    void shouldRefuseAFirstPositionTooLargeForALong() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=9223372036854775807-", 100))
                .isInstanceOf(ByteRange.UnsatisfiableRangeException.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=99999999999999999999-", 100))
                .isInstanceOf(ByteRange.UnsatisfiableRangeException.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=99999999999999999999-99999999999999999999", 100))
                .isInstanceOf(ByteRange.UnsatisfiableRangeException.class);
    }
}
