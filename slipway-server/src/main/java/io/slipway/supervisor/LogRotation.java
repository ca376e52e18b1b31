package io.slipway.supervisor;

import java.time.Duration;

/**
 * When instance log files are rotated: a file over {@code maxBytes} is copied to
 * {@code instance-N.log.1} (older copies shift up to {@code .keep}) and truncated, checked
 * every {@code checkEvery} and before each start.
 */
public record LogRotation(long maxBytes, int keep, Duration checkEvery) {
    /** 10 MB, keep 5, checked every 10 s. */
    public static final LogRotation DEFAULT = new LogRotation(10L * 1024 * 1024, 5, Duration.ofSeconds(10));

    public LogRotation {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("log rotation maxBytes: " + maxBytes + " must be > 0");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("log rotation keep: " + keep + " must be >= 1");
        }
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("log rotation checkEvery: " + checkEvery + " must be > 0");
        }
    }
}
