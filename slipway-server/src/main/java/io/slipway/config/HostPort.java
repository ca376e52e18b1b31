package io.slipway.config;

/** A listen or connect address such as {@code 127.0.0.1:8080}; port 0 means "any free port". */
public record HostPort(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
