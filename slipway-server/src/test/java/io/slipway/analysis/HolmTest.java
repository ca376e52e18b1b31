package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HolmTest {
    @Test
    void multipliesTheSortedPValuesByTheRemainingCountAndKeepsThemMonotone() {
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 -> 0.06 (monotone).
        double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
        assertThat(adjusted[0]).isCloseTo(0.03, within(1e-15));
        assertThat(adjusted[1]).isCloseTo(0.06, within(1e-15));
        assertThat(adjusted[2]).isCloseTo(0.06, within(1e-15));
        assertThat(adjusted[3]).isCloseTo(0.02, within(1e-15));
    }

    @Test
    void capsAtOneAndLeavesASingleTestAlone() {
        assertThat(Holm.adjust(new double[] {0.6, 0.7, 1.0})).containsExactly(1.0, 1.0, 1.0);
        assertThat(Holm.adjust(new double[] {0.037})).containsExactly(0.037);
        assertThat(Holm.adjust(new double[0])).isEmpty();
    }

    @Test
    void tiedPValuesGetTheSameAdjustment() {
        assertThat(Holm.adjust(new double[] {0.02, 0.02, 0.5})).containsExactly(0.06, 0.06, 0.5);
    }
}
