package io.slipway.supervisor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Picks ports the kernel says are free on 127.0.0.1. */
final class FreePorts {
    private FreePorts() {
    }

    /** A free port not in {@code taken} (ports this supervisor handed out and may not be bound yet). */
    static int pick(Set<Integer> taken) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = bindAndRelease();
            if (!taken.contains(port)) {
                return port;
            }
        }
        throw new SupervisorException("no free port on 127.0.0.1 after 20 attempts (taken: " + taken + ")");
    }

    private static int bindAndRelease() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SupervisorException("cannot bind 127.0.0.1:0 to find a free port: " + e.getMessage(), e);
        }
    }
}
