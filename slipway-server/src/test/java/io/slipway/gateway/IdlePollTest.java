package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.SelectStrategy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdlePollTest {
    private static final long MAX = 50_000;

    @Test
    void opensWhenTheLoopIsBackSoonGrowsWhilePollsCatchAndClosesWhenTheyRunOut() {
        IdlePoll poll = new IdlePoll(MAX);
        assertThat(poll.windowNanos()).isZero();

        poll.woke(MAX + 1); // events far apart: no polling
        assertThat(poll.windowNanos()).isZero();
        poll.woke(20_000); // back within the window: open
        assertThat(poll.windowNanos()).isEqualTo(IdlePoll.GROW_START_NANOS);

        poll.caught();
        assertThat(poll.windowNanos()).isEqualTo(20_000);
        poll.caught();
        poll.caught();
        assertThat(poll.windowNanos()).isEqualTo(MAX);
        poll.woke(1); // an open window is left to the polls' outcome
        assertThat(poll.windowNanos()).isEqualTo(MAX);

        poll.missed();
        assertThat(poll.windowNanos()).isEqualTo(25_000);
        poll.missed();
        assertThat(poll.windowNanos()).isEqualTo(12_500);
        poll.missed(); // 6.25 us is below the smallest window kept open
        assertThat(poll.windowNanos()).isZero();
    }

    @Test
    void aWindowBelowTheStartIsTheWholeWindow() {
        IdlePoll poll = new IdlePoll(4_000);
        poll.woke(1_000);
        assertThat(poll.windowNanos()).isEqualTo(4_000);
        poll.caught();
        assertThat(poll.windowNanos()).isEqualTo(4_000);
        poll.missed();
        assertThat(poll.windowNanos()).isZero();
    }

    @Test
    void blocksAtOnceWhileClosedAndPollsUntilEventsAreReadyWhileOpen() throws Exception {
        long max = Duration.ofSeconds(10).toNanos(); // no window runs out in this test
        IdlePoll poll = new IdlePoll(max);
        AtomicInteger calls = new AtomicInteger();

        assertThat(poll.calculateStrategy(calls::incrementAndGet, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(calls).hasValue(0); // closed: straight to blocking, as Netty's default strategy
        // back at once (the window opens); tasks are queued, so one look at the ready events, as Netty's default
        assertThat(poll.calculateStrategy(() -> 0, true)).isZero();
        assertThat(poll.windowNanos()).isEqualTo(IdlePoll.GROW_START_NANOS);

        while (poll.windowNanos() < max) {
            poll.caught();
        }
        assertThat(poll.calculateStrategy(() -> calls.incrementAndGet() < 3 ? 0 : 7, false)).isEqualTo(7);
        assertThat(calls).hasValue(3);
        assertThat(poll.windowNanos()).isEqualTo(max);
    }

    @Test
    void aPollThatRunsOutBlocksAndShrinks() throws Exception {
        IdlePoll poll = new IdlePoll(IdlePoll.GROW_START_NANOS);
        poll.woke(1);
        AtomicInteger calls = new AtomicInteger();

        assertThat(poll.calculateStrategy(() -> {
            calls.incrementAndGet();
            return 0;
        }, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(calls.get()).isPositive();
        assertThat(poll.windowNanos()).isZero();
    }

    @Test
    void refusesAWindowOfNothing() {
        assertThatThrownBy(() -> new IdlePoll(0)).hasMessage("idle poll window must be positive: 0");
    }

    /**
     * A loop that polls must still run what other threads hand it (route changes come that way) and
     * its timers (deadlines), whether it is polling, blocked or busy at that moment.
     */
    @Test
    void aPollingLoopStillRunsTasksFromOtherThreadsAndItsTimers() {
        try (GatewayRuntime rt = GatewayRuntime.create(1, Duration.ofNanos(MAX))) {
            EventLoop loop = rt.group().next();
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger fired = new AtomicInteger();
            for (int i = 0; i < 2_000; i++) {
                loop.execute(ran::incrementAndGet);
                if (i % 100 == 0) {
                    loop.schedule(fired::incrementAndGet, 1 + i % 7, TimeUnit.MILLISECONDS);
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(ran).hasValue(2_000);
                assertThat(fired).hasValue(20);
            });
            // and once it has gone idle (window closed, blocked), a task from outside still wakes it
            await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(10))
                    .until(() -> loop.submit(ran::incrementAndGet).await(5, TimeUnit.SECONDS));
            assertThat(ran).hasValue(2_001);
        }
    }
}
