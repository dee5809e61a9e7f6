package io.meridian.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class StageRoleTest {
    @Test
    void shouldParseACommaSeparatedListInAnyCaseWithBlanks() {
        assertThat(StageRole.parse("classify, PLACE,,serve"))
                .isEqualTo(EnumSet.of(StageRole.CLASSIFY, StageRole.PLACE, StageRole.SERVE));
    }

    @Test
    void shouldRefuseAnUnknownOrEmptyListNamingTheStages() {
        assertThatThrownBy(() -> StageRole.parse("classify,query"))
                .hasMessage("unknown stage 'query'; the stages are watch, classify, place, move, serve");
        assertThatThrownBy(() -> StageRole.parse(" , "))
                .hasMessage("no stage named; the stages are watch, classify, place, move, serve");
    }
}
