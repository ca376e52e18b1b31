package io.slipway.flags;

import io.slipway.store.FlagEventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What changes flags without a person: the scheduler (every second, so a step is applied within a
 * second of its time), the guards (every 5 s, about the SDKs' reporting interval) and the pruning of
 * event data past its retention (hourly). One daemon thread; a failing round is logged and the next
 * one runs as usual.
 */
public final class FlagAutomation implements AutoCloseable {
    /** How long SDK events are kept for reports and guards. */
    public static final Duration EVENT_RETENTION = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(FlagAutomation.class);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slipway-flag-automation");
        t.setDaemon(true);
        return t;
    });

    private FlagAutomation() {
    }

    /** Starts the loops. */
    public static FlagAutomation start(FlagScheduler scheduler, FlagGuards guards, FlagEventRepository events,
                                       Clock clock) {
        FlagAutomation automation = new FlagAutomation();
        automation.every(Duration.ofSeconds(1), "schedule", scheduler::tick);
        automation.every(Duration.ofSeconds(5), "guards", guards::tick);
        automation.every(Duration.ofHours(1), "prune", () -> events.prune(clock.instant().minus(EVENT_RETENTION)));
        return automation;
    }

    private void every(Duration period, String name, Runnable round) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                log.error("event=flag-automation-failed loop={} error=\"{}\"", name, e.getMessage(), e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("event=flag-automation-stuck waited=5s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
