package io.slipway.gateway;

import io.slipway.config.GatewayConfig;
import io.slipway.config.HealthConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: two real upstreams ("blue", "green") and a gateway for app "web" on port 0, all
 * closed afterwards. {@link #stable()} also publishes blue as the only weighted slot.
 */
final class GatewayFixture implements BeforeEachCallback, AfterEachCallback {
    private final GatewayConfig config;
    private final HealthConfig health;
    private final boolean publishBlue;
    TestUpstream blue;
    TestUpstream green;
    Gateway gateway;

    private GatewayFixture(GatewayConfig config, HealthConfig health, boolean publishBlue) {
        this.config = config;
        this.health = health;
        this.publishBlue = publishBlue;
    }

    /** Blue published as slot "stable", version v1, weight 100; no probes run. */
    static GatewayFixture stable() {
        return stable(GatewayTesting.config());
    }

    /** Like {@link #stable()}, with the gateway limits of {@code config}. */
    static GatewayFixture stable(GatewayConfig config) {
        return new GatewayFixture(config, GatewayTesting.noProbes(), true);
    }

    /** Nothing published yet. */
    static GatewayFixture unpublished(HealthConfig health) {
        return new GatewayFixture(GatewayTesting.config(), health, false);
    }

    /** Nothing published yet; the gateway runs with {@code config}. */
    static GatewayFixture unpublished(GatewayConfig config, HealthConfig health) {
        return new GatewayFixture(config, health, false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        blue = TestUpstream.start("blue");
        green = TestUpstream.start("green");
        gateway = Gateway.start(GatewayTesting.RUNTIME, "web", config, health);
        if (publishBlue) {
            gateway.publish(GatewayTesting.table(1, GatewayTesting.slot("stable", "v1", 100, blue)));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        gateway.close();
        blue.close();
        green.close();
    }
}
