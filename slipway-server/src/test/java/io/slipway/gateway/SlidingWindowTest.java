package io.slipway.gateway;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SlidingWindowTest {

    private static SlidingWindow.Bucket second(long ok, long errors, long latencyMicros) {
        Histogram h = new Histogram(2);
        for (long i = 0; i < ok + errors; i++) {
            h.recordValue(latencyMicros);
        }
        return new SlidingWindow.Bucket(new long[]{ok, 0, 0, errors}, errors, 0, h);
    }

    @Test
    void summarisesOnlyTheLastSeconds() {
        SlidingWindow w = new SlidingWindow(60);
        for (int i = 0; i < 50; i++) {
            w.push(second(100, 0, 1_000));
        }
        for (int i = 0; i < 10; i++) {
            w.push(second(90, 10, 50_000));
        }
        GatewayStatus.Window last10 = w.summary(10);
        assertThat(last10.seconds()).isEqualTo(10);
        assertThat(last10.requests()).isEqualTo(1000);
        assertThat(last10.status5xx()).isEqualTo(100);
        assertThat(last10.errorRate()).isCloseTo(0.10, within(1e-9));
        assertThat(last10.p50Millis()).isCloseTo(50.0, within(1.0));

        GatewayStatus.Window last60 = w.summary(60);
        assertThat(last60.requests()).isEqualTo(6000);
        assertThat(last60.errorRate()).isCloseTo(100.0 / 6000, within(1e-9));
        assertThat(last60.p50Millis()).as("most requests were fast").isCloseTo(1.0, within(0.05));
        assertThat(last60.p99Millis()).isCloseTo(50.0, within(1.0));
    }

    @Test
    void oldSecondsFallOutOfTheRing() {
        SlidingWindow w = new SlidingWindow(5);
        w.push(second(0, 1000, 9_000));
        for (int i = 0; i < 5; i++) {
            w.push(second(10, 0, 1_000));
        }
        assertThat(w.summary(60).seconds()).isEqualTo(5);
        assertThat(w.summary(60).status5xx()).isZero();
        assertThat(w.summary(60).requests()).isEqualTo(50);
    }

    @Test
    void aYoungOrIdleWindowReportsZeros() {
        SlidingWindow w = new SlidingWindow(60);
        assertThat(w.summary(10).seconds()).isZero();
        assertThat(w.summary(10).errorRate()).isZero();
        w.push(second(0, 0, 0));
        assertThat(w.summary(10).p99Millis()).isZero();
    }
}
