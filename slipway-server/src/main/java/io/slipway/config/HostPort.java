package io.slipway.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A listen or connect address such as {@code 127.0.0.1:8080}; port 0 means "any free port". */
public record HostPort(String host, int port) {
    public static final int MAX_PORT = 65_535;
    private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]*):(\\d{1,5})");

    /**
     * Reads {@code host:port}, {@code [ipv6]:port}, {@code :port} or a bare port; the last two
     * take {@code defaultHost}.
     *
     * @throws IllegalArgumentException saying what is wrong, for a message next to the value
     */
    public static HostPort parse(String text, String defaultHost) {
        String address = text.strip();
        Matcher m = FORM.matcher(address.matches("\\d{1,5}") ? ":" + address : address);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a listen address (e.g. 127.0.0.1:8080 or :8080)");
        }
        int port = Integer.parseInt(m.group(2));
        if (port > MAX_PORT) {
            throw new IllegalArgumentException("has a port outside 0-" + MAX_PORT);
        }
        return new HostPort(m.group(1).isEmpty() ? defaultHost : m.group(1), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
