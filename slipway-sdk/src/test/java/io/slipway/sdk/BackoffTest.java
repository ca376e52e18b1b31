package io.slipway.sdk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private static final long MS = 1_000_000;

    @Test
    void doublesFrom100MillisecondsUpTo10SecondsWithinTheUpperHalfOfEachStep() {
        Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0);
        Backoff highest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999_999);
        List<Long> low = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            low.add(lowest.next() / MS);
            high.add(highest.next() / MS);
        }
        assertThat(low).containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(high).containsExactly(99L, 199L, 399L, 799L, 1599L, 3199L, 6399L, 9999L, 9999L, 9999L);
    }

    @Test
    void resetStartsAgainFromTheMinimum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0);
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.next() / MS).isEqualTo(50);
    }

    @Test
    void theServersRetryHintBecomesTheMinimumWithinTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0);
        backoff.retryHint(3000);
        assertThat(backoff.next() / MS).isEqualTo(1500);
        backoff.retryHint(60_000);
        assertThat(backoff.next() / MS).isEqualTo(5000);
    }
}
