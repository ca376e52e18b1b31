package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamHealthTest {
    @Test
    void turnsHealthyAfterTheHealthyThresholdOfConsecutiveOks() {
        UpstreamHealth h = new UpstreamHealth(3, 2, false);

        h.record(true);
        h.record(true);
        HealthState afterTwo = h.state();
        boolean changed = h.record(true);

        assertThat(afterTwo).isEqualTo(HealthState.UNKNOWN);
        assertThat(changed).isTrue();
        assertThat(h.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(h.routable()).isTrue();
    }

    @Test
    void turnsUnhealthyOnlyAfterTheUnhealthyThresholdOfConsecutiveFailures() {
        UpstreamHealth h = healthy(1, 3);

        h.record(false);
        h.record(false);
        h.record(true);
        h.record(false);
        h.record(false);
        HealthState afterInterruptedRun = h.state();
        boolean changed = h.record(false);

        assertThat(afterInterruptedRun).isEqualTo(HealthState.HEALTHY);
        assertThat(changed).isTrue();
        assertThat(h.state()).isEqualTo(HealthState.UNHEALTHY);
        assertThat(h.routable()).isFalse();
    }

    @Test
    void returnsToHealthyAfterTheHealthyThreshold() {
        UpstreamHealth h = healthy(2, 1);
        h.record(false);

        h.record(true);
        HealthState afterOne = h.state();
        h.record(true);

        assertThat(afterOne).isEqualTo(HealthState.UNHEALTHY);
        assertThat(h.state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void presumedReadyStartsHealthyAndNeedsTheUnhealthyThresholdToBeEjected() {
        UpstreamHealth presumed = new UpstreamHealth(2, 3, true);
        UpstreamHealth warming = new UpstreamHealth(2, 3, false);

        assertThat(presumed.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(presumed.record(false)).as("one slow probe does not eject it").isFalse();
        assertThat(presumed.record(false)).isFalse();
        assertThat(presumed.routable()).isTrue();
        assertThat(presumed.record(false)).as("the third consecutive failure does").isTrue();
        assertThat(presumed.state()).isEqualTo(HealthState.UNHEALTHY);
        assertThat(warming.state()).isEqualTo(HealthState.UNKNOWN);
        assertThat(warming.routable()).isFalse();
    }

    private static UpstreamHealth healthy(int healthyThreshold, int unhealthyThreshold) {
        UpstreamHealth h = new UpstreamHealth(healthyThreshold, unhealthyThreshold, false);
        for (int i = 0; i < healthyThreshold; i++) {
            h.record(true);
        }
        assertThat(h.state()).isEqualTo(HealthState.HEALTHY);
        return h;
    }
}
