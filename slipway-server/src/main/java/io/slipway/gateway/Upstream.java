package io.slipway.gateway;

import java.util.Objects;

/**
 * One running instance of an app version that the gateway can proxy to.
 *
 * @param host address the instance listens on, usually {@code 127.0.0.1}
 * @param port its port
 */
public record Upstream(String host, int port) {
    public Upstream {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream port: " + port + " is not in 1..65535");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
