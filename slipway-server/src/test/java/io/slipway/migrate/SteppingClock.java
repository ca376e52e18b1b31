package io.slipway.migrate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves on by a fixed step each time it is read, so waits run out without waiting. */
final class SteppingClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    private final Duration step;

    SteppingClock(Duration step) {
        this.step = step;
    }

    @Override
    public Instant instant() {
        return now.getAndUpdate(i -> i.plus(step));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
