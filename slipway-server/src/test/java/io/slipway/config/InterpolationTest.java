package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private static final Map<String, String> ENV = Map.of("HOST", "db", "EMPTY", "");

    @Test
    void replacesVariablesAndDefaultsLikeAShell() {
        assertThat(Interpolation.apply("${HOST}:${PORT:-5432}/${EMPTY:-shop}${EMPTY}", ENV)).isEqualTo("db:5432/shop");
        assertThat(Interpolation.apply("${MISSING:-}", ENV)).isEmpty();
    }

    @Test
    void leavesLoneDollarsAndEscapesAlone() {
        assertThat(Interpolation.apply("cost $5, $HOST, $${HOST}", ENV)).isEqualTo("cost $5, $HOST, ${HOST}");
    }

    @Test
    void refusesUnsetVariablesAndMalformedReferences() {
        assertThatThrownBy(() -> Interpolation.apply("${NOPE}", ENV))
                .hasMessage("needs environment variable NOPE, which is not set (set it, or write ${NOPE:-default})");
        assertThatThrownBy(() -> Interpolation.apply("${HOST", ENV))
                .hasMessage("has an unclosed ${ (write $${ for a literal ${)");
        assertThatThrownBy(() -> Interpolation.apply("${1X}", ENV))
                .hasMessage("has ${1X}, which is not ${NAME} or ${NAME:-default}");
    }
}
