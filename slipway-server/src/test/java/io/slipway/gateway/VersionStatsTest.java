package io.slipway.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionStatsTest {

    @Test
    void eachTickClosesOneSecondOfTheWindow() {
        VersionStats stats = new VersionStats("v2");
        record(stats, 8, 200);
        record(stats, 2, 503);
        stats.tick();
        record(stats, 10, 200);
        stats.tick();

        GatewayStatus.VersionStatus s = stats.snapshot();
        assertThat(s.requests()).isEqualTo(20);
        assertThat(s.status5xx()).isEqualTo(2);
        assertThat(s.last10s().seconds()).isEqualTo(2);
        assertThat(s.last10s().requests()).isEqualTo(20);
        assertThat(s.last10s().errorRate()).isEqualTo(0.1);
        assertThat(s.last60s().requests()).isEqualTo(20);

        for (int i = 0; i < 10; i++) {
            stats.tick();
        }
        assertThat(stats.snapshot().last10s().requests()).as("idle for the last 10 s").isZero();
        assertThat(stats.snapshot().last60s().requests()).isEqualTo(20);
        assertThat(stats.snapshot().requests()).isEqualTo(20);
    }

    private static void record(VersionStats stats, int n, int status) {
        for (int i = 0; i < n; i++) {
            stats.begin();
            stats.status(status, false);
            stats.end(System.nanoTime() - 2_000_000);
        }
    }
}
