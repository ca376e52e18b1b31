package io.slipway.supervisor;

import io.slipway.config.RestartPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CrashLoopTest {
    private static final RestartPolicy POLICY =
            new RestartPolicy(Duration.ofMillis(500), Duration.ofSeconds(5), 5, Duration.ofSeconds(30));
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void backoffDoublesFromInitialAndIsCappedAtMax() {
        assertThat(CrashLoop.backoff(POLICY, 1)).isEqualTo(Duration.ofMillis(500));
        assertThat(CrashLoop.backoff(POLICY, 2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(CrashLoop.backoff(POLICY, 4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(CrashLoop.backoff(POLICY, 5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(CrashLoop.backoff(POLICY, 500)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void fifthExitWithinTheWindowIsACrashLoop() {
        CrashLoop loop = new CrashLoop(POLICY);
        for (int i = 0; i < 4; i++) {
            assertThat(loop.recordExit(T0.plusSeconds(i))).isFalse();
        }
        assertThat(loop.recordExit(T0.plusSeconds(29))).isTrue();
        assertThat(loop.reason("exit code 1")).isEqualTo("crash loop: 5 exits in 30s, last exit code 1");
    }

    @Test
    void exitsSpreadOverMoreThanTheWindowAreNotACrashLoop() {
        CrashLoop loop = new CrashLoop(POLICY);
        for (int i = 0; i < 20; i++) {
            assertThat(loop.recordExit(T0.plusSeconds(10L * i))).as("exit %d", i).isFalse();
        }
    }

    @Test
    void resetForgetsEarlierExits() {
        CrashLoop loop = new CrashLoop(POLICY);
        for (int i = 0; i < 4; i++) {
            loop.recordExit(T0);
        }
        loop.reset();
        assertThat(loop.recordExit(T0)).isFalse();
    }

    @Test
    void instanceThatRanLongerThanTheWindowStartsAgainFromInitialBackoff() {
        InstanceSlot slot = new InstanceSlot(InstanceRecord.fresh("web", "v1", 0, 1234));
        slot.attach(ProcessHandle.current(), T0);
        assertThat(slot.nextBackoff(POLICY, T0.plusSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(slot.nextBackoff(POLICY, T0.plusSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        slot.attach(ProcessHandle.current(), T0.plusSeconds(3));
        assertThat(slot.nextBackoff(POLICY, T0.plusSeconds(60))).isEqualTo(Duration.ofMillis(500));
    }
}
