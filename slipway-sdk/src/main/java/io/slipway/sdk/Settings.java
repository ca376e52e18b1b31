package io.slipway.sdk;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/** A client's validated configuration, as {@link SlipwayFlags.Builder} collected it. */
record Settings(URI server, String environment, String appName, String instance, Path cacheDir, Path bootstrap,
                Duration pollInterval, Duration connectTimeout, Duration requestTimeout, Duration eventsInterval,
                Duration streamIdleTimeout, Duration minBackoff, Duration maxBackoff, int maxPendingBatches,
                Clock clock, LongSupplier nanoTime) {
    /** @throws IllegalArgumentException naming the setting and its value when one is missing or out of range */
    Settings {
        if (server == null || server.getScheme() == null || !server.getScheme().matches("https?") || server.getHost() == null) {
            throw new IllegalArgumentException("server: " + server + " is not an http(s) URL (e.g. http://slipway:8080)");
        }
        requireText("environment", environment);
        requireText("appName", appName);
        requireText("instance", instance);
        requirePositive("pollInterval", pollInterval);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("eventsInterval", eventsInterval);
        requirePositive("streamIdleTimeout", streamIdleTimeout);
        requirePositive("minBackoff", minBackoff);
        requirePositive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: " + maxBackoff + " is below minBackoff " + minBackoff);
        }
        if (maxPendingBatches < 1) {
            throw new IllegalArgumentException("maxPendingBatches: " + maxPendingBatches + " must be 1 or more");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoTime, "nanoTime");
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": missing");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " must be positive");
        }
    }
}
