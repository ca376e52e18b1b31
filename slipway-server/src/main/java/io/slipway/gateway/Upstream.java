package io.slipway.gateway;

/** One app instance the gateway can send requests to. */
public record Upstream(String host, int port) {
}
