package io.slipway.config;

import java.time.Duration;
import java.util.Map;

/** Placeholder until the smoke branch lands (same components). */
public record SmokeTest(String name, String method, String path, Map<String, String> headers, String body,
                        int expectStatus, String expectBody, String jsonPointer, String jsonEquals, Duration timeout) {
}
