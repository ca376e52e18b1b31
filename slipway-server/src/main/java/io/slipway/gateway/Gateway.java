package io.slipway.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.slipway.config.GatewayConfig;
import io.slipway.config.HealthConfig;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 reverse proxy in front of one app: one listener, routing by the last published
 * {@link RoutingTable}, active health checks of its upstreams.
 *
 * <p>{@link #publish} swaps the table atomically: each request picks its upstream from the table
 * current when its head arrives, and finishes there even if the table changes meanwhile.
 *
 * <p>Routing: among slots with weight &gt; 0 that have a routable upstream, weighted random by
 * slot weight, then round-robin within the slot; nothing routable → 503. With {@code sticky} set,
 * a request carrying the key goes to the slot its hash falls in (see {@link Route#pick(String)}).
 * A request naming a version by the preview header or cookie goes to the slot running it, even at
 * weight 0, or is answered 503 naming the version, never routed elsewhere. An upstream is routable
 * when its active checks say HEALTHY, or while still UNKNOWN if it was first seen in a slot with
 * weight &gt; 0 or mirror &gt; 0 and has not failed a probe yet (the control plane gives weight and
 * mirrors only to verified instances, and a restarted gateway must not answer 503 until probes
 * catch up; such upstreams are first probed one interval later). Upstreams first seen at weight 0
 * and mirror 0 wait for HEALTHY.
 * Passive ejection (consecutive 5xx or connect failures) takes an upstream out only while another
 * upstream of its slot can serve: a slot whose healthy upstreams are all ejected keeps them (see
 * {@link Route#resolve(RoutingTable, java.util.function.Predicate, java.util.function.Predicate,
 * java.util.function.Function)}).
 *
 * <p>Mirroring (shadow traffic): a slot with {@code mirror} &gt; 0 also receives copies of that share of
 * the requests routed by weight to the other slots ({@link Mirroring} says which). The client's
 * answer comes from the primary only; each copy's answer is compared with it (status, body length
 * and CRC32C) and dropped ({@link Mirror}), counted per mirror version in {@link #status()}.
 *
 * <p>With {@code gateway.tls} the listener terminates TLS and offers HTTP/2 too ({@link Edge}).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Below the 5 s keep-alive timeout common in app servers (Node, uvicorn), to rarely race them. */
    static final Duration POOL_IDLE_TIMEOUT = Duration.ofSeconds(4);

    private final GatewayRuntime rt;
    private final String app;
    private final GatewayConfig cfg;
    private final HealthChecks health;
    private final Ejections ejections;
    private final Affinity affinity;
    private final Mirroring mirroring;
    private final Map<String, VersionStats> versions = new ConcurrentHashMap<>();
    private final Map<EventLoop, UpstreamPools> pools = new ConcurrentHashMap<>();
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final LongAdder noUpstream = new LongAdder();
    private final LongAdder badRequest = new LongAdder();
    private final LongAdder headTooLarge = new LongAdder();
    private final LongAdder bodyTooLarge = new LongAdder();
    private final LongAdder headTimeout = new LongAdder();
    private volatile Route route;
    private volatile Set<Upstream> inTable = Set.of();
    private Channel server;
    private volatile boolean draining;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile AccessLog accessLog = AccessLog.NONE;
    private ScheduledFuture<?> windowTicks;
    private Edge edge;

    private final Duration poolIdleTimeout;

    private Gateway(GatewayRuntime rt, String app, GatewayConfig cfg, HealthConfig health, Duration poolIdleTimeout) {
        this.rt = rt;
        this.app = app;
        this.cfg = cfg;
        this.poolIdleTimeout = poolIdleTimeout;
        this.health = new HealthChecks(rt, app, health, this::resolveRoute);
        this.ejections = new Ejections(app, cfg.ejectAfter(), cfg.ejectFor().toNanos(), rt.group(),
                this::resolveRoute);
        this.affinity = Affinity.of(cfg);
        this.mirroring = new Mirroring(app, cfg, affinity);
        this.route = Route.resolve(RoutingTable.empty(), u -> false, this::stats);
    }

    /** Binds the listener ({@code cfg.listen()}, port 0 = any free port) and returns once bound. */
    public static Gateway start(GatewayRuntime rt, String app, GatewayConfig cfg, HealthConfig health) {
        return start(rt, app, cfg, health, POOL_IDLE_TIMEOUT);
    }

    /** Like {@link #start(GatewayRuntime, String, GatewayConfig, HealthConfig)}, serving {@code table} from the first connection. */
    public static Gateway start(GatewayRuntime rt, String app, GatewayConfig cfg, HealthConfig health,
                                RoutingTable table) {
        return start(rt, app, cfg, health, table, AccessLog.NONE);
    }

    /** Like {@link #start(GatewayRuntime, String, GatewayConfig, HealthConfig, RoutingTable)}, writing {@code accessLog}. */
    public static Gateway start(GatewayRuntime rt, String app, GatewayConfig cfg, HealthConfig health,
                                RoutingTable table, AccessLog accessLog) {
        Gateway g = new Gateway(rt, app, cfg, health, POOL_IDLE_TIMEOUT);
        g.accessLog = accessLog;
        g.publish(table);
        g.bind();
        log.info("gateway started app={} port={} transport={}", app, g.port(), rt.nativeTransport() ? "epoll" : "nio");
        return g;
    }

    static Gateway start(GatewayRuntime rt, String app, GatewayConfig cfg, HealthConfig health, Duration poolIdle) {
        Gateway g = new Gateway(rt, app, cfg, health, poolIdle);
        g.bind();
        log.info("gateway started app={} port={} transport={}", app, g.port(), rt.nativeTransport() ? "epoll" : "nio");
        return g;
    }

    private void bind() {
        var decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(cfg.maxHeaderBytes())
                .setMaxHeaderSize(cfg.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024)
                .setHeadersFactory(HeaderNames.HEADERS);
        var b = new ServerBootstrap().group(rt.group()).channel(rt.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Lets a newer gateway process bind the same port before this one stops (zero-downtime
                // replacement); StandaloneGateway refuses ports held by anything but our own gateways.
                .option(rt.nativeTransport() ? EpollChannelOption.SO_REUSEPORT : ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 2048, 65536))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        clients.add(ch);
                        // Few handlers: each is a hop for every message. The edge checks live in ProxyHandler.
                        var proxy = new ProxyHandler(Gateway.this);
                        ch.pipeline().addLast(proxy.rawBytes, new HttpRequestDecoder(decoder), new ResponseWriter(), proxy);
                    }
                });
        edge = Edge.install(this, b, clients);
        var future = b.bind(cfg.listen().host(), cfg.listen().port()).awaitUninterruptibly();
        if (!future.isSuccess()) {
            var e = new BindException("gateway " + app + ": cannot listen on " + cfg.listen() + ": " + future.cause());
            throw new UncheckedIOException(e);
        }
        server = future.channel();
        windowTicks = rt.group().next().scheduleAtFixedRate(
                () -> versions.values().forEach(VersionStats::tick), 1, 1, TimeUnit.SECONDS);
    }

    /** The port the listener is bound to. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Makes {@code table} the routing table for new requests; starts health checks of its new
     * upstreams and stops those of upstreams that left it.
     */
    public synchronized void publish(RoutingTable table) {
        health.track(table);
        Set<Upstream> present = new HashSet<>();
        Set<String> live = new HashSet<>();
        for (Slot s : table.slots()) {
            present.addAll(s.upstreams());
            live.add(s.version());
        }
        inTable = Set.copyOf(present);
        ejections.retain(present);
        versions.values().removeIf(v -> !live.contains(v.version()) && v.inFlight() == 0);
        route = Route.resolve(table, health::routable, ejections::ejected, this::stats);
        log.info("routing table applied app={} generation={} slots={}", app, table.generation(), table.slots());
    }

    /** The routing table in use. */
    public RoutingTable routing() {
        return route.table;
    }

    /** Requests currently proxied to any upstream of {@code version} (0 once drained). */
    public int inFlight(String version) {
        VersionStats v = versions.get(version);
        return v == null ? 0 : v.inFlight();
    }

    /**
     * {@code version}'s traffic over the last {@code seconds} (see {@link VersionStats#measure}); zeros
     * for a version that has had none since it entered the table.
     */
    public WindowMeasure measure(String version, int seconds) {
        VersionStats v = versions.get(version);
        return v == null ? WindowMeasure.of(version, 0, 0, 0, 0, new org.HdrHistogram.Histogram(2))
                : v.measure(seconds);
    }

    /** A snapshot of counters, latencies and upstream health. */
    public GatewayStatus status() {
        List<GatewayStatus.VersionStatus> vs = versions.values().stream()
                .map(VersionStats::snapshot)
                .sorted(Comparator.comparing(GatewayStatus.VersionStatus::version))
                .toList();
        return new GatewayStatus(app, port(), route.table.generation(), noUpstream.sum(), badRequest.sum(),
                headTooLarge.sum(), vs, health.status().stream()
                        .map(u -> u.withEjected(ejections.ejected(new Upstream(u.host(), u.port()))))
                        .toList(), bodyTooLarge.sum(), headTimeout.sum(), accessLog.dropped());
    }

    /**
     * Hands over to another gateway process listening on the same port: stops accepting, ends each
     * client connection after its current response ({@code Connection: close}), closes HTTP/1.1
     * connections that stay idle for {@link #DRAIN_IDLE_GRACE}, and closes once no request is in
     * flight and no connection is left, or {@code timeout} passed. Completes when closed. An upgraded
     * connection (WebSocket) counts as in flight until it closes, so a drain waits for open
     * WebSockets up to {@code timeout} and then cuts them.
     *
     * <p>Why the grace: a keep-alive connection that is idle when the drain starts never gets a
     * response to carry {@code Connection: close}; closing it at once races with a client that is
     * sending its next request on it, which then fails with no byte of answer (seen in
     * GatewayHandoverIT at 200 req/s). A connection in use gets its close notice with its next
     * response; only one unused for the whole grace is closed, when a client is least likely to pick it.
     */
    public CompletableFuture<Void> drain(Duration timeout) {
        draining = true;
        server.close().awaitUninterruptibly();
        edge.goAway();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        ScheduledFuture<?> check = rt.group().next().scheduleAtFixedRate(() -> {
            int inFlight = versions.values().stream().mapToInt(VersionStats::inFlight).sum();
            if (inFlight == 0) {
                closeIdleClients();
            }
            if ((inFlight == 0 && clients.isEmpty() || System.nanoTime() >= deadline) && !closed.isDone()) {
                log.info("gateway drained app={} inFlight={} connections={}", app, inFlight, clients.size());
                closed.complete(null);
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        return closed.whenComplete((v, e) -> {
            check.cancel(false);
            close();
        });
    }

    /** How long an HTTP/1.1 connection must stay unused before a drain closes it (see {@link #drain}). */
    static final long DRAIN_IDLE_GRACE = TimeUnit.MILLISECONDS.toNanos(1000);

    /**
     * Closes the client connections that carry nothing: HTTP/1.1 ones unused for the grace (checked on
     * their own event loop), others (HTTP/2 after GOAWAY, handshakes) at once.
     */
    private void closeIdleClients() {
        for (io.netty.channel.Channel ch : clients) {
            ProxyHandler h = ch.pipeline().get(ProxyHandler.class);
            if (h == null) {
                ch.close();
            } else {
                ch.eventLoop().execute(() -> {
                    if (h.idleFor(DRAIN_IDLE_GRACE)) {
                        ch.close();
                    }
                });
            }
        }
    }

    AccessLog accessLog() {
        return accessLog;
    }

    Edge edge() {
        return edge;
    }

    boolean draining() {
        return draining;
    }

    /** Stops listening, closes client and idle upstream connections, stops health checks. */
    @Override
    public void close() {
        // A drained gateway is closed when its drain completes and again by its owner: once is enough.
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (windowTicks != null) {
            windowTicks.cancel(false);
        }
        health.close();
        server.close().awaitUninterruptibly();
        clients.close().awaitUninterruptibly();
        pools.values().forEach(UpstreamPools::close);
        log.info("gateway stopped app={}", app);
    }

    private synchronized void resolveRoute() {
        route = Route.resolve(route.table, health::routable, ejections::ejected, this::stats);
    }

    /** A connect error to {@code u}: counts towards its passive ejection. */
    void upstreamFailed(Upstream u) {
        ejections.failure(u);
    }

    /** {@code u} answered with {@code code}: a 5xx counts towards its passive ejection, anything else resets it. */
    void upstreamAnswered(Upstream u, int code) {
        if (code >= 500) {
            ejections.failure(u);
        } else {
            ejections.success(u);
        }
    }

    private VersionStats stats(String version) {
        return versions.computeIfAbsent(version, VersionStats::new);
    }

    Route route() {
        return route;
    }

    Affinity affinity() {
        return affinity;
    }

    Mirroring mirroring() {
        return mirroring;
    }

    String app() {
        return app;
    }

    GatewayConfig config() {
        return cfg;
    }

    UpstreamPools pools(EventLoop loop) {
        return pools.computeIfAbsent(loop, l -> new UpstreamPools(rt, l, cfg.connectTimeout(), poolIdleTimeout,
                () -> inTable));
    }

    /** Open client connections. */
    int clientConnections() {
        return clients.size();
    }

    /** Idle pooled upstream connections over all event loops (waits for each loop). */
    int idleUpstreamConnections() {
        return pools.entrySet().stream()
                .mapToInt(e -> e.getKey().submit(e.getValue()::idleCount).syncUninterruptibly().getNow())
                .sum();
    }

    void rejected(int code, String reason, String client) {
        switch (code) {
            case 400 -> badRequest.increment();
            case 408 -> headTimeout.increment();
            case 413 -> bodyTooLarge.increment();
            case 431 -> headTooLarge.increment();
            case 503 -> noUpstream.increment();
            default -> { }
        }
        log.debug("request rejected app={} status={} reason={} client={}", app, code, reason, client);
    }
}
