package io.slipway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @Test
    void ordersPartsAsNumbersNotText() {
        List<String> sorted = Stream.of("10", "2", "1.10", "1.2", "1", "1.1", "1.9", "2.0.1")
                .map(Version::parse).sorted().map(Version::toString).toList();

        assertThat(sorted).containsExactly("1", "1.1", "1.2", "1.9", "1.10", "2", "2.0.1", "10");
    }

    @Test
    void trailingZerosAndUnderscoresDoNotMakeAnotherVersion() {
        assertThat(Version.parse("1.0")).isEqualTo(Version.parse("1")).hasSameHashCodeAs(Version.parse("1"));
        assertThat(Version.parse("1_2")).isEqualTo(Version.parse("1.2"));
        assertThat(Version.parse("1.0.0").toString()).isEqualTo("1");
        assertThat(Version.parse("0").toString()).isEqualTo("0");
    }

    @Test
    void comparesAcrossDifferentLengths() {
        assertThat(Version.parse("1.1").isAfter(Version.parse("1"))).isTrue();
        assertThat(Version.parse("1").isAfter(Version.parse("1.0.0"))).isFalse();
        assertThat(Version.parse("2025_01_31").isAfter(Version.parse("2025_01_9"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1..2", "1.", ".1", "-1", "1.x", "1 2", "v1"})
    void refusesWhatIsNotNumbersSeparatedByDotsOrUnderscores(String text) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }
}
