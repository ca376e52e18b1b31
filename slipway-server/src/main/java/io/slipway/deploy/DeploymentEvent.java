package io.slipway.deploy;

import java.time.Instant;

/** One line of a deployment's timeline. */
public record DeploymentEvent(Instant at, String message) {
}
