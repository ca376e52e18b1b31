package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsUnitsAndCombinations() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1m30s500ms")).isEqualTo(Duration.ofMillis(90_500));
        assertThat(Durations.parse("50us")).isEqualTo(Duration.ofNanos(50_000));
        assertThat(Durations.parse("1ms500us")).isEqualTo(Duration.ofNanos(1_500_000));
    }

    @Test
    void refusesNumbersWithoutUnitsAndOtherShapes() {
        assertThatThrownBy(() -> Durations.parse("500")).hasMessage("is not a duration: add a unit (e.g. 5s, 250ms)");
        for (String bad : new String[] {"", "5x", "-1s", "1.5s", "5 s", "30s1m", "ms", "us", "5us1ms", "1.5us"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessage("is not a duration (e.g. 5s, 250ms)");
        }
    }

    @Test
    void formatsTheWayItParses() {
        for (String text : new String[] {"0s", "250ms", "1s500ms", "2m", "1h30m", "50us", "1ms500us"}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
    }
}
