package io.slipway.server;

import io.netty.util.concurrent.DefaultThreadFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import io.slipway.deploy.Router;
import io.slipway.gateway.Slot;
import io.slipway.gateway.Upstream;
import io.slipway.store.RouteRepository;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Publishes routing tables through the store to the gateway process, which polls the store and
 * so keeps serving its last table while the control plane is down. A publish completes only
 * when the gateway's control endpoint reports that it serves the new generation.
 */
public final class StoreRouter implements Router, AutoCloseable {
    private static final TypeReference<List<Slot>> SLOTS = new TypeReference<>() {
    };
    private static final long ACK_POLL_MS = 5;

    private final RouteRepository routes;
    private final Supplier<Optional<Upstream>> control;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-router", true));

    /** {@code control} finds the gateway process's control address (it may move when the gateway restarts). */
    public StoreRouter(RouteRepository routes, Supplier<Optional<Upstream>> control) {
        this.routes = routes;
        this.control = control;
    }

    @Override
    public CompletableFuture<Long> publish(String app, List<Slot> slots) {
        long generation = routes.save(app, Json.write(slots));
        CompletableFuture<Long> applied = new CompletableFuture<>();
        awaitApplied(app, generation, applied);
        return applied;
    }

    @Override
    public List<Slot> current(String app) {
        return routes.find(app).map(r -> parse(r.slotsJson())).orElse(List.of());
    }

    @Override
    public int inFlight(String app, String version) {
        return status().map(s -> s.path("apps").path(app).path("versions").path(version).path("inFlight").asInt(0))
                .orElse(-1);
    }

    @Override
    public boolean routable(String app, List<Upstream> upstreams) {
        return status().map(s -> {
            java.util.Set<String> ok = new java.util.HashSet<>();
            s.path("apps").path(app).path("status").path("upstreams").forEach(u -> {
                if (u.path("routable").asBoolean()) {
                    ok.add(u.path("host").asText() + ":" + u.path("port").asInt());
                }
            });
            return !upstreams.isEmpty() && upstreams.stream().allMatch(u -> ok.contains(u.host() + ":" + u.port()));
        }).orElse(false);
    }

    /** The gateway process's own status document, if it answers. */
    public Optional<JsonNode> status() {
        Optional<Upstream> address = control.get();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> r = http.send(request(address.get(), "/status"), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(Json.MAPPER.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public static List<Slot> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, SLOTS);
        } catch (IOException e) {
            throw new IllegalStateException("routing table in the store is not valid JSON: " + e.getMessage(), e);
        }
    }

    private void awaitApplied(String app, long generation, CompletableFuture<Long> applied) {
        if (applied.isDone()) {
            return;
        }
        Optional<Upstream> address = control.get();
        if (address.isEmpty()) {
            retry(app, generation, applied);
            return;
        }
        // ?refresh: the gateway reads the store at once instead of at its next (fallback) poll
        http.sendAsync(request(address.get(), "/status?refresh"), HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> {
                    if (e == null && r.statusCode() == 200 && appliedGeneration(r.body(), app) >= generation) {
                        applied.complete(generation);
                    } else {
                        retry(app, generation, applied);
                    }
                });
    }

    private void retry(String app, long generation, CompletableFuture<Long> applied) {
        if (!timer.isShutdown()) {
            timer.schedule(() -> awaitApplied(app, generation, applied), ACK_POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private static long appliedGeneration(String body, String app) {
        try {
            return Json.MAPPER.readTree(body).path("apps").path(app).path("generation").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static HttpRequest request(Upstream address, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + address.host() + ":" + address.port() + path))
                .timeout(Duration.ofSeconds(1)).GET().build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
