package io.slipway.gateway;

import io.netty.util.concurrent.DefaultThreadFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.slipway.config.AppConfig;
import io.slipway.config.HostPort;
import io.slipway.config.SlipwayConfig;
import io.slipway.store.RouteReader;
import io.slipway.store.RouteRepository;
import io.slipway.store.StoreLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as its own process ({@code slipway gateway}): one listener per app, routing tables
 * read from the store, a small control endpoint for the control plane. It never writes to the
 * store and never waits for the control plane, so traffic keeps flowing while the control plane
 * restarts or is killed.
 */
public final class StandaloneGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StandaloneGateway.class);
    /**
     * How often the store is asked whether anything changed when nobody said so. The control plane
     * says so on every publish ({@code /status?refresh}), so this is only the fallback; each poll
     * costs a store query and a thread wake-up beside the event loop (1.5 % of the process under
     * load at 10 ms, on SQLite).
     */
    private static final long POLL_MS = 100;
    /** How long a {@code /status?refresh} waits for the refresh before answering with what is served. */
    private static final long REFRESH_WAIT_MS = 500;

    private final GatewayRuntime runtime;
    private final Map<String, Gateway> gateways;
    private final RouteReader routes;
    private final HttpServer control;
    private final ObjectMapper json;
    private final SlipwayConfig config;
    private final List<AccessLog> accessLogs;
    /** Access logs rotate at 50 MB, 5 old files kept (a busy app writes about 4 GB a day). */
    private static final long ACCESS_LOG_BYTES = 50L * 1024 * 1024;
    private static final int ACCESS_LOG_KEEP = 5;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-routes", true));
    private long dataVersion = -1;

    private StandaloneGateway(SlipwayConfig config, GatewayRuntime runtime, Map<String, Gateway> gateways,
                              RouteReader routes, HttpServer control, ObjectMapper json, List<AccessLog> accessLogs) {
        this.config = config;
        this.accessLogs = accessLogs;
        this.runtime = runtime;
        this.gateways = gateways;
        this.routes = routes;
        this.control = control;
        this.json = json;
    }

    /** Binds every app's listener and the control endpoint, applies the stored routes, starts polling. */
    public static StandaloneGateway start(SlipwayConfig config, StoreLocation store, HostPort controlAddress,
                                          ObjectMapper json) throws IOException, SQLException {
        for (AppConfig app : config.apps().values()) {
            refuseForeignListeners(app);
        }
        RouteReader routes = RouteReader.open(store, "slipway-gateway");
        Map<String, RoutingTable> stored = new LinkedHashMap<>();
        for (RouteRepository.StoredRoutes r : routes.readAll()) {
            stored.put(r.app(), RoutingTable.of(r.generation(), List.of(json.readValue(r.slotsJson(), Slot[].class))));
        }
        GatewayRuntime runtime = GatewayRuntime.create(1, config.server().gatewayIdlePoll());
        log.info("event=gateway-event-loops count=1 transport={} idlePoll={}", runtime.nativeTransport() ? "epoll" : "nio",
                config.server().gatewayIdlePoll().isZero() ? "off" : io.slipway.config.Durations.format(config.server().gatewayIdlePoll()));
        Map<String, Gateway> gateways = new LinkedHashMap<>();
        List<AccessLog> accessLogs = new java.util.ArrayList<>();
        for (AppConfig app : config.apps().values()) {
            // Routes are known before the port is bound: a gateway taking over from an older one
            // must not answer 503 to the first connections it accepts.
            AccessLog accessLog = app.gateway().accessLog()
                    ? AccessLog.open(config.server().dataDir().toAbsolutePath().resolve("logs").resolve(app.name())
                    .resolve("access.log"), ACCESS_LOG_BYTES, ACCESS_LOG_KEEP) : AccessLog.NONE;
            accessLogs.add(accessLog);
            gateways.put(app.name(), Gateway.start(runtime, app.name(), app.gateway(), app.health(),
                    stored.getOrDefault(app.name(), RoutingTable.empty()), accessLog));
        }
        // The JDK server writes a response's head and body separately; with Nagle on, the body waits
        // for the ACK of the head, which the control plane's keep-alive client delays by 40 ms, and
        // every status poll and switch confirmation would pay it. Read once per JVM, so set first.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer control = HttpServer.create(new InetSocketAddress(controlAddress.host(), controlAddress.port()), 16);
        StandaloneGateway gateway = new StandaloneGateway(config, runtime, gateways, routes, control, json, accessLogs);
        gateway.refresh();
        control.createContext("/status", gateway::serveStatus);
        control.createContext("/measure", gateway::serveMeasure);
        control.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        control.start();
        gateway.poller.scheduleWithFixedDelay(gateway::refreshSafely, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        gateways.forEach((name, g) -> log.info("event=gateway-listening app={} port={}", name, g.port()));
        return gateway;
    }

    /**
     * Only another gateway of the same data dir (the one this process replaces) may already listen
     * on an app's port; anything else is a configuration error, reported with its pid.
     */
    private static void refuseForeignListeners(AppConfig app) {
        int port = app.gateway().listen().port();
        if (port == 0) {
            return;
        }
        String ours = System.getenv("SLIPWAY_DATA_DIR");
        for (long pid : PortOwners.listening(port)) {
            String env = PortOwners.environ(pid);
            boolean ourGateway = ours != null && env != null && List.of(env.split("\0")).contains("SLIPWAY_DATA_DIR=" + ours)
                    && env.contains("SLIPWAY_INSTANCE=slipway-gateway/");
            if (pid != ProcessHandle.current().pid() && !ourGateway) {
                String command = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?");
                throw new IllegalStateException("apps." + app.name() + ".gateway.listen: port " + port
                        + " is already in use by pid " + pid + " (" + command + ")");
            }
        }
    }

    /**
     * Hands every app's port over to a newer gateway process: stops accepting, finishes the
     * requests in flight (up to each app's drain), then closes.
     */
    public void drainAndClose() {
        List<java.util.concurrent.CompletableFuture<Void>> drained = new java.util.ArrayList<>();
        poller.shutdownNow();
        gateways.forEach((name, g) -> drained.add(g.drain(config.app(name).drain())));
        java.util.concurrent.CompletableFuture.allOf(drained.toArray(java.util.concurrent.CompletableFuture[]::new))
                .join();
        close();
    }

    public Map<String, Gateway> gateways() {
        return gateways;
    }

    public int controlPort() {
        return control.getAddress().getPort();
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            // The store may be busy or briefly locked; the last table keeps serving.
            log.warn("event=routes-refresh-failed error=\"{}\"", e.getMessage());
        }
    }

    private void refresh() throws SQLException {
        long version = routes.version();
        if (version == dataVersion) {
            return;
        }
        List<RouteRepository.StoredRoutes> stored = routes.readAll();
        for (RouteRepository.StoredRoutes r : stored) {
            Gateway gateway = gateways.get(r.app());
            if (gateway != null && r.generation() > gateway.routing().generation()) {
                gateway.publish(RoutingTable.of(r.generation(), parse(r.slotsJson())));
                log.info("event=routes-applied app={} generation={}", r.app(), r.generation());
            }
        }
        dataVersion = version;
    }

    private List<Slot> parse(String slotsJson) {
        try {
            return List.of(json.readValue(slotsJson, Slot[].class));
        } catch (IOException e) {
            throw new IllegalStateException("routing table in the store is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** {@code {"apps": {"web": {"generation": 7, "port": 8080, "versions": {"v2": {...}}, "status": {...}}}}}. */
    private void serveStatus(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && List.of(query.split("&")).contains("refresh")) {
            // the control plane just published: read the store now instead of at the next poll
            try {
                poller.submit(this::refreshSafely).get(REFRESH_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                     | java.util.concurrent.RejectedExecutionException e) {
                log.debug("event=routes-refresh-not-done error=\"{}\"", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Object> apps = new LinkedHashMap<>();
        gateways.forEach((name, g) -> {
            GatewayStatus s = g.status();
            Map<String, Object> versions = new LinkedHashMap<>();
            s.versions().forEach(v -> versions.put(v.version(), v));
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("generation", s.generation());
            app.put("port", s.port());
            app.put("versions", versions);
            app.put("status", s);
            apps.put(name, app);
        });
        respond(exchange, 200, json.writeValueAsString(Map.of("apps", apps)));
    }

    /** {@code /measure?app=web&version=v2&seconds=30}: one version's window for canary analysis. */
    private void serveMeasure(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
        Gateway g = gateways.get(q.getOrDefault("app", ""));
        String version = q.get("version");
        int seconds;
        try {
            seconds = Integer.parseInt(q.getOrDefault("seconds", ""));
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (g == null || version == null || seconds < 1) {
            respond(exchange, 400, json.writeValueAsString(Map.of("error", "expected ?app=<one of " + gateways.keySet()
                    + ">&version=V&seconds=N (N >= 1), got " + exchange.getRequestURI().getRawQuery())));
            return;
        }
        respond(exchange, 200, json.writeValueAsString(g.measure(version, seconds)));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(key, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        control.stop(0);
        gateways.values().forEach(Gateway::close);
        accessLogs.forEach(AccessLog::close);
        runtime.close();
        try {
            routes.close();
        } catch (SQLException e) {
            log.warn("event=routes-close-failed error=\"{}\"", e.getMessage());
        }
    }
}
