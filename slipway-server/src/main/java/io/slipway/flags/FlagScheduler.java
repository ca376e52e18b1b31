package io.slipway.flags;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Applies flags' schedule steps when they fall due (the seed's "20 % on day 6 … 100 % on day 10").
 * {@link #tick} is called about once a second; it asks the store only for flags that have a step due,
 * and after downtime applies every missed step in order, each audited.
 */
public final class FlagScheduler {
    private static final Logger log = LoggerFactory.getLogger(FlagScheduler.class);
    private final Flags flags;
    private final Clock clock;

    public FlagScheduler(Flags flags, Clock clock) {
        this.flags = flags;
        this.clock = clock;
    }

    /** Applies what is due now; returns the changes made. A flag that cannot take its step is logged and skipped. */
    public List<FlagUpdate> tick() {
        Instant now = clock.instant();
        return flags.list().stream()
                .filter(f -> !Schedule.due(f.schedule(), now).isEmpty())
                .flatMap(f -> apply(f.key(), now).stream()).toList();
    }

    private List<FlagUpdate> apply(String key, Instant now) {
        try {
            List<FlagUpdate> done = flags.applySchedule(key, now);
            done.forEach(u -> log.info("event=flag-schedule-applied flag={} version={} change=\"{}\"", key,
                    u.flag().version(), u.change() == null ? "none" : u.change().reason()));
            return done;
        } catch (RuntimeException e) {
            log.error("event=flag-schedule-failed flag={} error=\"{}\"", key, e.getMessage(), e);
            return List.of();
        }
    }
}
