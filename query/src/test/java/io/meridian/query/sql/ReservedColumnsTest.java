package io.meridian.query.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReservedColumnsTest {

    @Test
    void shouldQuoteReservedColumnNamesOnlyOutsideLiteralsAndComments() {
        assertThat(ReservedColumns.quote("SELECT silo, used, free FROM silos WHERE id <> 'free' -- free\n"))
                .isEqualTo("SELECT silo, used, \"free\" FROM silos WHERE id <> 'free' -- free\n");
        assertThat(ReservedColumns.quote("SELECT s.FREE, \"free\" FROM silos s ORDER BY free DESC"))
                .isEqualTo("SELECT s.\"free\", \"free\" FROM silos s ORDER BY \"free\" DESC");
        assertThat(ReservedColumns.quote("SELECT freedom, free_bytes FROM t")).isEqualTo("SELECT freedom, free_bytes FROM t");
    }
}
