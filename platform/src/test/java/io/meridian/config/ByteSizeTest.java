package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void shouldParseBinaryUnits() {
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.parse("1KiB")).isEqualTo(1024);
        assertThat(ByteSize.parse("50 GiB")).isEqualTo(50L << 30);
        assertThat(ByteSize.parse("1.5TiB")).isEqualTo(3L << 39);
    }

    @Test
    void shouldRefuseDecimalUnitsWithTheBinarySpelling() {
        assertThatThrownBy(() -> ByteSize.parse("50GB")).hasMessageContaining("e.g. 50GiB");
        assertThatThrownBy(() -> ByteSize.parse("2tb")).hasMessageContaining("e.g. 2TiB");
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> ByteSize.parse("9XiB")).hasMessageContaining("unknown unit 'XiB'");
    }

    @Property
    void formattedWholeUnitsParseBack(@ForAll @LongRange(min = 0, max = 1L << 40) long bytes) {
        String text = ByteSize.format(bytes);
        if (!text.contains(".")) {
            assertThat(ByteSize.parse(text)).isEqualTo(bytes);
        }
    }
}
