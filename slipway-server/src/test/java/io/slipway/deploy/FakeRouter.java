package io.slipway.deploy;

import io.slipway.gateway.Slot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every published table; in-flight counts are set by the test. */
final class FakeRouter implements Router {
    final List<List<Slot>> published = new CopyOnWriteArrayList<>();
    final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private volatile List<Slot> current = List.of();

    @Override
    public CompletableFuture<Long> publish(String app, List<Slot> slots) {
        published.add(slots);
        current = List.copyOf(slots);
        return CompletableFuture.completedFuture((long) published.size());
    }

    @Override
    public List<Slot> current(String app) {
        return current;
    }

    @Override
    public int inFlight(String app, String version) {
        return inFlight.getOrDefault(version, 0);
    }

    @Override
    public boolean routable(String app, List<io.slipway.gateway.Upstream> upstreams) {
        return true;
    }

    String stableVersion() {
        return current.stream().filter(s -> s.weight() == 100).map(Slot::version).findFirst().orElse(null);
    }
}
