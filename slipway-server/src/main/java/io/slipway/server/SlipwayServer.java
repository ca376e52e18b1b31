package io.slipway.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.api.AdminApi;
import io.slipway.config.AppConfig;
import io.slipway.config.HealthConfig;
import io.slipway.config.RestartPolicy;
import io.slipway.config.SlipwayConfig;
import io.slipway.backup.BackupScheduler;
import io.slipway.backup.Replicas;
import io.slipway.deploy.Orchestrator;
import io.slipway.flags.FlagsFileWatcher;
import io.slipway.flags.FlagAutomation;
import io.slipway.flags.FlagGuards;
import io.slipway.flags.FlagScheduler;
import io.slipway.monitor.ControlPlaneMetrics;
import io.slipway.gateway.Upstream;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.RouteRepository;
import io.slipway.store.InstanceRepository;
import io.slipway.store.Store;
import io.slipway.store.StoreLocation;
import io.slipway.supervisor.Supervisor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slipway's control plane, assembled: store, supervisor (re-adopting what a previous run left
 * running), the gateway process, the orchestrator (resuming unfinished deployments) and the
 * admin API. Closing it leaves apps and the gateway running; {@link #stopEverything()} does not.
 */
public final class SlipwayServer implements AutoCloseable {
    /** The gateway process is supervised like an app under this reserved name. */
    public static final String GATEWAY_APP = "slipway-gateway";
    /** Extra JVM options for the gateway process, from the server's environment. */
    public static final String GATEWAY_JAVA_OPTS = "SLIPWAY_GATEWAY_JAVA_OPTS";
    private static final Logger log = LoggerFactory.getLogger(SlipwayServer.class);

    private final Store store;
    private final Supervisor supervisor;
    private final StoreRouter router;
    private final Orchestrator orchestrator;
    private final Vertx vertx;
    private volatile HttpServer api;
    private final ControlPlane plane;
    private final DataDirLock lock;
    private final FlagAutomation flagAutomation;
    private final BackupScheduler backupScheduler;
    private final Replicas replicas;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private SlipwayServer(Store store, Supervisor supervisor, StoreRouter router, Orchestrator orchestrator,
                          Vertx vertx, ControlPlane plane, DataDirLock lock, FlagAutomation flagAutomation,
                          BackupScheduler backupScheduler, Replicas replicas) {
        this.lock = lock;
        this.replicas = replicas;
        this.backupScheduler = backupScheduler;
        this.flagAutomation = flagAutomation;
        this.store = store;
        this.supervisor = supervisor;
        this.router = router;
        this.orchestrator = orchestrator;
        this.vertx = vertx;
        this.plane = plane;
    }

    /**
     * Boots the control plane for {@code config}, read from {@code configFile} (the gateway
     * process reads the same file).
     */
    public static SlipwayServer start(SlipwayConfig config, Path configFile, Clock clock) {
        Phases phases = new Phases();
        // Neither depends on the rest of the boot; building them meanwhile saves most of a second.
        // No class-path file resolution: nothing here serves files through Vert.x, and with it on Vert.x
        // creates a /tmp/vertx-cache-<uuid> directory that only a clean close removes; every killed
        // server left one behind.
        CompletableFuture<Vertx> vertxReady = CompletableFuture.supplyAsync(() -> Vertx.vertx(new VertxOptions()
                .setPreferNativeTransport(true).setEventLoopPoolSize(1).setWorkerPoolSize(8)
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false))));
        Path dataDir = config.server().dataDir().toAbsolutePath();
        DataDirLock lock = DataDirLock.acquire(dataDir);
        Store store = Store.open(StoreLocation.of(config.server(), System.getenv()), clock);
        phases.done("store");
        InstanceRepository records = new InstanceRepository(store);
        Supervisor supervisor = new Supervisor(dataDir, records, clock);
        AppConfig gatewayApp = gatewayApp(configFile, config);
        String gatewayVersion = GatewayHandover.version(configFile, String.join(" ", gatewayApp.command()));
        List<AppConfig> supervised = new ArrayList<>(config.apps().values());
        supervised.add(gatewayApp);
        supervisor.addListener(event -> explainGatewayFailure(event, supervisor));
        supervisor.adopt(supervised);
        List<String> oldGateways = records.all().stream()
                .filter(r -> r.app().equals(GATEWAY_APP) && !r.version().equals(gatewayVersion))
                .map(r -> r.version()).distinct().toList();
        supervisor.start(gatewayApp, gatewayVersion);
        phases.done("processes");

        SupervisorFleet fleet = new SupervisorFleet(supervisor, records);
        RouteRepository routes = new RouteRepository(store);
        StoreRouter router = new StoreRouter(routes, () -> gatewayControl(fleet, gatewayVersion));
        GatewayHandover.retire(oldGateways, supervisor, routes, router::status);
        keepStableVersionsRunning(config, store, fleet);

        CompletableFuture<ControlPlaneMetrics> metricsReady = CompletableFuture.supplyAsync(() ->
                new ControlPlaneMetrics(registry(store), new DeploymentRepository(store),
                        () -> instanceStates(records), router::status));
        Measurements measurements = new Measurements(new io.slipway.analysis.GatewayMetrics(() ->
                gatewayControl(fleet, gatewayVersion).map(u -> java.net.URI.create("http://" + u.host() + ":" + u.port()))),
                router::status, fleet::endpoints, new io.slipway.store.FlagEventRepository(store), clock);
        ControlPlane.Data data = ControlPlane.Data.of(config, store, fleet, router);
        DeploymentMigrations schema = new DeploymentMigrations(data.migrations(), data.backups());
        Orchestrator orchestrator = new Orchestrator(config, fleet, router, new AppRepository(store),
                new DeploymentRepository(store), clock, Duration.ofMillis(50), measurements, new GatewaySmoke(router::status),
                schema);
        orchestrator.start();
        phases.done("orchestrator");
        Replicas replicas = Replicas.start(config.apps().values(), System.getenv(), clock);
        ControlPlane plane = new ControlPlane(config, store, orchestrator, fleet, router, metricsReady.join(),
                () -> router.status().isPresent(), replicas, data);
        plane.watchFlagsFile();

        FlagAutomation flagAutomation = startFlagAutomation(plane, clock);
        BackupScheduler backupScheduler = new BackupScheduler(plane.backups(), plane.backupRepository(),
                config.apps().values(), clock).start();
        Vertx vertx = vertxReady.join();
        SlipwayServer server = new SlipwayServer(store, supervisor, router, orchestrator, vertx, plane, lock,
                flagAutomation, backupScheduler, replicas);
        try {
            server.api = AdminApi.listen(vertx, plane, config.server().listen(), stopApps -> {
                if (stopApps) {
                    server.stopEverything();
                } else {
                    server.close();
                }
            }).await();
        } catch (Exception e) { // await() rethrows the bind failure as it is, checked or not
            server.close();
            throw new ServerStartException("server.listen: \"" + config.server().listen() + "\" cannot be bound: "
                    + e.getMessage() + "; is another process using it? (apps and the gateway were left running)");
        }
        phases.done("api");
        log.info("event=ready api=http://{}:{} data={} took=\"{}\"", config.server().listen().host(),
                server.apiPort(), dataDir, phases);
        return server;
    }

    /** Port the admin API listens on (useful when configured as 0). */
    public int apiPort() {
        return api.actualPort();
    }

    public ControlPlane plane() {
        return plane;
    }

    public StoreRouter router() {
        return router;
    }

    /** Waits until the gateway process answers on its control endpoint. */
    public boolean gatewayUp() {
        return router.status().isPresent();
    }

    /** Stops every app and the gateway process, then the control plane (demo exit, tests). */
    public void stopEverything() {
        orchestrator.close();
        try {
            supervisor.stopAll().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("event=stop-all-failed error=\"{}\"", e.toString());
        }
        close();
    }

    /** Stops the control plane; apps and the gateway keep running and are re-adopted next start. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        orchestrator.close();
        flagAutomation.close();
        backupScheduler.close();
        replicas.close();
        plane.flagsFile().ifPresent(FlagsFileWatcher::close);
        vertx.close().await();
        router.close();
        supervisor.close();
        store.close();
        lock.close();
        log.info("event=stopped");
        closed.countDown();
    }

    /** Blocks until {@link #close()} ran (SIGTERM or an API shutdown). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Schedules, guards and event pruning; a guard that switches a flag off is counted on /metrics. */
    private static FlagAutomation startFlagAutomation(ControlPlane plane, Clock clock) {
        io.micrometer.core.instrument.MeterRegistry registry = plane.metrics().registry();
        FlagGuards guards = new FlagGuards(plane.flags(), plane.flagEvents(), clock, (update, decision) ->
                io.micrometer.core.instrument.Counter.builder("slipway_flag_guard_trips")
                        .description("Flags switched off by their guard").tag("flag", update.flag().key())
                        .tag("environment", update.change().environment()).register(registry).increment());
        return FlagAutomation.start(new FlagScheduler(plane.flags(), clock), guards, plane.flagEvents(), clock);
    }

    private static AppConfig gatewayApp(Path configFile, SlipwayConfig config) {
        // SIGTERM drains each app's gateway (up to its drain time) before the process exits.
        Duration longestDrain = config.apps().values().stream().map(AppConfig::drain).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        // Throughput settings measured in docs/performance.md: ParallelGC with a young generation big
        // enough for few collections under load, no leak detection and no buffer bounds checks
        // (the tests run with both on, paranoid).
        List<String> jvm = new ArrayList<>(List.of("-Xms96m", "-Xmn48m", "-Xmx256m", "-XX:+UseParallelGC",
                "-Dio.netty.leakDetection.level=disabled", "-Dio.netty.buffer.checkBounds=false",
                "-Dio.netty.buffer.checkAccessible=false"));
        // Operators' own options (heap, GC, a profiler) come last and so win; they are part of the
        // gateway's version, so changing them replaces the gateway without a gap.
        String extra = System.getenv(GATEWAY_JAVA_OPTS);
        if (extra != null && !extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        List<String> command = new ArrayList<>(JavaCommand.of(jvm, "io.slipway.cli.Slipway"));
        command.addAll(List.of("gateway", "--config", configFile.toAbsolutePath().toString(),
                "--control", "127.0.0.1:{port}"));
        return new AppConfig(GATEWAY_APP, command, Map.of(), null, null, 1,
                new HealthConfig("/health", "/health", Duration.ofMillis(200), Duration.ofSeconds(1), 1, 3),
                null, Duration.ofSeconds(30), Duration.ZERO, longestDrain.plusSeconds(5), Duration.ZERO,
                new RestartPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 10, Duration.ofSeconds(60)));
    }

    /** A gateway that cannot run stops all traffic: say why, loudly, with the end of its log. */
    private static void explainGatewayFailure(io.slipway.supervisor.SupervisorEvent event, Supervisor supervisor) {
        if (event.app().equals(GATEWAY_APP) && (event.kind() == io.slipway.supervisor.SupervisorEvent.Kind.CRASH_LOOP
                || event.kind() == io.slipway.supervisor.SupervisorEvent.Kind.START_FAILED)) {
            List<String> tail = supervisor.tailLog(GATEWAY_APP, event.version(), 8);
            log.error("event=gateway-failed version={} detail=\"{}\" log={} last lines:\n  {}", event.version(),
                    event.detail(), supervisor.logDir(GATEWAY_APP, event.version()), String.join("\n  ", tail));
        }
    }

    private static Optional<Upstream> gatewayControl(SupervisorFleet fleet, String version) {
        return fleet.endpoints(GATEWAY_APP, version).stream().findFirst();
    }

    /**
     * After a restart the stable (and still-warm previous) versions must run: the supervisor has
     * re-adopted or restarted what it had records of; this starts what has none.
     */
    private static void keepStableVersionsRunning(SlipwayConfig config, Store store, SupervisorFleet fleet) {
        for (AppRepository.AppState app : new AppRepository(store).all()) {
            AppConfig appConfig = config.app(app.name());
            if (appConfig != null && app.stableVersion() != null) {
                fleet.start(appConfig, app.stableVersion());
            }
        }
    }

    private static List<ControlPlaneMetrics.Instance> instanceStates(InstanceRepository records) {
        return records.all().stream()
                .map(r -> new ControlPlaneMetrics.Instance(r.app(), r.version(), r.state().name())).toList();
    }

    private static PrometheusMeterRegistry registry(Store store) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("slipway_store_up", store, s -> s.reachable() ? 1 : 0)
                .description("1 when Slipway's store answers").register(registry);
        return registry;
    }

    /** How long each boot phase took, logged with the ready line so slow starts can be explained. */
    private static final class Phases {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void done(String phase) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : " ").append(phase).append('=').append((now - last) / 1_000_000)
                    .append("ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
