package io.slipway.deploy;

import com.sun.net.httpserver.HttpServer;
import io.slipway.config.AppConfig;
import io.slipway.gateway.Upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each "version" as a real in-process HTTP server on port 0 whose /health/ready answers 200
 * once the test marks the version ready, so the orchestrator's readiness probes do real HTTP.
 */
final class FakeProcesses implements Processes {
    final Map<String, HttpServer> running = new ConcurrentHashMap<>();
    final Set<String> ready = ConcurrentHashMap.newKeySet();
    final Map<String, String> failed = new ConcurrentHashMap<>();
    final Map<String, Integer> starts = new ConcurrentHashMap<>();

    @Override
    public List<Upstream> start(AppConfig app, String version) {
        running.computeIfAbsent(version, v -> {
            starts.merge(v, 1, Integer::sum);
            return serve(v);
        });
        return endpoints(app.name(), version);
    }

    @Override
    public List<Upstream> endpoints(String app, String version) {
        HttpServer s = running.get(version);
        return s == null ? List.of() : List.of(new Upstream("127.0.0.1", s.getAddress().getPort()));
    }

    @Override
    public Health health(String app, String version) {
        if (failed.containsKey(version)) {
            return new Health(Health.Kind.FAILED, failed.get(version));
        }
        return new Health(running.containsKey(version) ? Health.Kind.RUNNING : Health.Kind.STOPPED, null);
    }

    @Override
    public CompletableFuture<Void> stop(AppConfig app, String version) {
        HttpServer s = running.remove(version);
        if (s != null) {
            s.stop(0);
        }
        return CompletableFuture.completedFuture(null);
    }

    void stopAll() {
        running.values().forEach(s -> s.stop(0));
        running.clear();
    }

    private HttpServer serve(String version) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/health/ready", exchange -> {
                int status = ready.contains(version) ? 200 : 503;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
