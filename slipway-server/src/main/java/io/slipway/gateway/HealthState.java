package io.slipway.gateway;

/** Result of an upstream's active health checks, with hysteresis. */
public enum HealthState {
    /** No verdict yet: fewer consecutive probe results than either threshold. */
    UNKNOWN,
    HEALTHY,
    UNHEALTHY
}
