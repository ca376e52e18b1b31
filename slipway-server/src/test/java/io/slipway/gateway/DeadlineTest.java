package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The re-armed deadline behind the client clock and the upstream timeout, on a real event loop. */
class DeadlineTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final AtomicInteger fired = new AtomicInteger();
    private final AtomicLong firedAt = new AtomicLong();
    private final Deadline deadline = new Deadline(loop, () -> {
        firedAt.set(System.nanoTime());
        fired.incrementAndGet();
    });

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void onLoop(Runnable r) {
        loop.submit(r).syncUninterruptibly();
    }

    @Test
    void anEarlierDeadlineFiresWithoutWaitingForTheLaterOne() {
        long start = System.nanoTime();
        onLoop(() -> {
            deadline.restart(TimeUnit.SECONDS.toNanos(30));
            deadline.restart(TimeUnit.MILLISECONDS.toNanos(50));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
        assertThat(Duration.ofNanos(firedAt.get() - start)).isBetween(Duration.ofMillis(50), Duration.ofSeconds(5));
        // the superseded 30 s task must not fire again later: it finds itself stale
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> fired.get() == 1);
    }

    @Test
    void aLaterDeadlineMovesTheExpiry() {
        long start = System.nanoTime();
        onLoop(() -> {
            deadline.restart(TimeUnit.MILLISECONDS.toNanos(50));
            deadline.restart(TimeUnit.MILLISECONDS.toNanos(400));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
        assertThat(Duration.ofNanos(firedAt.get() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void stopCancelsTheExpiry() {
        onLoop(() -> {
            deadline.restart(TimeUnit.MILLISECONDS.toNanos(50));
            deadline.stop();
        });

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> fired.get() == 0);
    }

    @Test
    void cancelTakesTheTaskOffTheLoopSoItHoldsNothing() throws Exception {
        Inspectable inspectable = new Inspectable();
        try {
            Deadline d = new Deadline(inspectable, fired::incrementAndGet);
            boolean[] scheduled = inspectable.submit(() -> {
                d.restart(TimeUnit.SECONDS.toNanos(60));
                d.restart(TimeUnit.SECONDS.toNanos(10)); // earlier: a second task, the first one cancelled
                boolean before = inspectable.anyScheduled();
                d.cancel();
                return new boolean[] {before, inspectable.anyScheduled()};
            }).get();

            assertThat(scheduled).containsExactly(true, false);
        } finally {
            inspectable.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** A loop whose scheduled-task queue a test can look at (from the loop). */
    private static final class Inspectable extends DefaultEventLoop {
        boolean anyScheduled() {
            return nextScheduledTaskNano() != -1;
        }
    }
}
