package io.slipway.deploy;

import io.slipway.gateway.Slot;
import io.slipway.gateway.Upstream;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Publishes routing tables to the data plane. */
public interface Router {

    /**
     * Replaces the app's routing table; completes when the gateway serves the new one, so that a
     * step never reports "switched" before traffic actually moved.
     */
    CompletableFuture<Long> publish(String app, List<Slot> slots);

    /** The table the data plane was last given (empty when none). */
    List<Slot> current(String app);

    /** Requests in flight to a version right now, or -1 when the data plane cannot be asked. */
    int inFlight(String app, String version);

    /**
     * Whether the data plane would send a request to each of {@code upstreams} now (its active health
     * checks found them healthy); false when it cannot be asked.
     */
    boolean routable(String app, List<Upstream> upstreams);
}
