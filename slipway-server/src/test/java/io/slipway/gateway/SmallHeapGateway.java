package io.slipway.gateway;

import io.slipway.config.GatewayConfig;
import io.slipway.config.HostPort;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A gateway process for {@link GatewaySmallHeapTest}: routes app "web" to the upstream port given
 * as the only argument, prints {@code gateway port=N} once listening, and exits when stdin closes
 * (so it never outlives the test JVM).
 */
final class SmallHeapGateway {
    private SmallHeapGateway() {
    }

    public static void main(String[] args) throws IOException {
        int upstreamPort = Integer.parseInt(args[0]);
        // bodies of 200 MB must pass: a body limit far above the test's
        var cfg = new GatewayConfig(new HostPort("127.0.0.1", 0), Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 8192, Duration.ofSeconds(10), 4096, 5, Duration.ofSeconds(5), null,
                "X-Slipway-Version", "slipway-version", false);
        var table = RoutingTable.of(1, List.of(new Slot("stable", "v1",
                List.of(new Upstream("127.0.0.1", upstreamPort)), 100)));
        try (GatewayRuntime rt = GatewayRuntime.create(1);
             Gateway g = Gateway.start(rt, "web", cfg, GatewayTesting.noProbes(), table)) {
            System.out.println("gateway port=" + g.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // the parent never writes; EOF means it is gone
            }
        }
    }
}
