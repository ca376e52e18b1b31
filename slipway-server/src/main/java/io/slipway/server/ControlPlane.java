package io.slipway.server;

import io.slipway.config.AppConfig;
import io.slipway.config.SlipwayConfig;
import io.slipway.deploy.Deployment;
import io.slipway.deploy.Orchestrator;
import io.slipway.deploy.Processes;
import io.slipway.deploy.Router;
import io.slipway.flags.Flags;
import io.slipway.flags.FlagsFileWatcher;
import io.slipway.monitor.ControlPlaneMetrics;
import io.slipway.backup.Backups;
import io.slipway.backup.DataTransfer;
import io.slipway.backup.Replicas;
import io.slipway.flags.EventBatch;
import io.slipway.store.BackupRepository;
import io.slipway.monitor.BackupMetrics;
import io.slipway.monitor.ExperimentMetrics;
import io.slipway.monitor.FlagMetrics;
import io.slipway.monitor.PitrMetrics;
import io.slipway.store.FlagEventRepository;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.FlagRepository;
import io.slipway.store.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The running control plane as the API sees it: config, store, orchestrator and the edges, plus
 * the read models (status, logs, health) assembled from them.
 */
public final class ControlPlane {
    private final SlipwayConfig config;
    private final Store store;
    private final AppRepository apps;
    private final DeploymentRepository deployments;
    private final Orchestrator orchestrator;
    private final Fleet fleet;
    private final Router router;
    private final ControlPlaneMetrics metrics;
    private final BooleanSupplier gatewayUp;
    private final Flags flags;
    private final FlagEventRepository flagEvents;
    private final ExperimentMetrics experimentMetrics;
    private final BackupRepository backupRepository;
    private final SupervisedApps instances;
    private final Backups backups;
    private final Replicas replicas;
    private final Migrations migrations;
    private volatile FlagsFileWatcher flagsFile;

    public ControlPlane(SlipwayConfig config, Store store, Orchestrator orchestrator, Fleet fleet, Router router,
                        ControlPlaneMetrics metrics, BooleanSupplier gatewayUp, Replicas replicas) {
        this(config, store, orchestrator, fleet, router, metrics, gatewayUp, replicas, Data.of(config, store, fleet, router));
    }

    /** With the backups and migrations {@code data} (the orchestrator's deployments migrate through the same). */
    ControlPlane(SlipwayConfig config, Store store, Orchestrator orchestrator, Fleet fleet, Router router,
                 ControlPlaneMetrics metrics, BooleanSupplier gatewayUp, Replicas replicas, Data data) {
        this.config = config;
        this.store = store;
        this.apps = new AppRepository(store);
        this.deployments = new DeploymentRepository(store);
        this.orchestrator = orchestrator;
        this.fleet = fleet;
        this.router = router;
        this.metrics = metrics;
        this.gatewayUp = gatewayUp;
        this.flags = new Flags(new FlagRepository(store), config.flags().environments(), store.clock());
        FlagMetrics.changes(metrics.registry(), flags);
        this.flagEvents = new FlagEventRepository(store);
        this.experimentMetrics = new ExperimentMetrics(metrics.registry(), flagEvents, store.clock());
        this.backupRepository = new BackupRepository(store);
        this.instances = data.instances();
        this.backups = data.backups();
        BackupMetrics.register(metrics.registry(), backupRepository, config.apps().values());
        this.replicas = replicas;
        PitrMetrics.register(metrics.registry(), replicas);
        this.migrations = data.migrations();
    }

    /**
     * The services over the apps' databases: backups, and migrations, both knowing which versions run
     * (a restore stops them, a contract migration waits for them).
     */
    record Data(SupervisedApps instances, Backups backups, Migrations migrations) {
        static Data of(SlipwayConfig config, Store store, Fleet fleet, Router router) {
            SupervisedApps instances = new SupervisedApps(fleet, router, config::app);
            java.util.function.Function<String, Optional<AppConfig>> apps = name -> Optional.ofNullable(config.app(name));
            Backups backups = new Backups(new BackupRepository(store), apps, System.getenv(), store.clock(), instances);
            AppRepository versions = new AppRepository(store);
            Migrations migrations = new Migrations(apps, System.getenv(), backups, new Migrations.AppVersions() {
                @Override
                public List<String> running(String app) {
                    return instances.running(app);
                }

                @Override
                public Optional<String> stable(String app) {
                    return versions.find(app).map(AppRepository.AppState::stableVersion);
                }
            }, config.server().dataDir().toAbsolutePath(), store.clock());
            return new Data(instances, backups, migrations);
        }
    }

    /**
     * The supervisor as the read side needs it: the orchestrator's {@link Processes} plus
     * instance details and logs.
     */
    public interface Fleet extends Processes {
        List<AppStatus.InstanceStatus> instances(String app, String version);

        /** Versions of the app that have live or recorded instances. */
        List<String> versions(String app);

        List<String> tailLog(String app, String version, int lines);
    }

    public SlipwayConfig config() {
        return config;
    }

    public Orchestrator orchestrator() {
        return orchestrator;
    }

    /** The feature flags, for the API and for what changes flags on its own (schedules, guards, flags.yaml). */
    public Flags flags() {
        return flags;
    }

    /** Backups of the apps' databases. */
    public Backups backups() {
        return backups;
    }

    /** Migrations of the apps' databases, backed up first. */
    public Migrations migrations() {
        return migrations;
    }

    /** The continuous capture (PITR) of the apps with backup.pitr: whether it runs, how far behind it is. */
    public Replicas replicas() {
        return replicas;
    }

    /** Export and import of apps' data in portable forms. */
    public DataTransfer dataTransfer() {
        return new DataTransfer(backups, System.getenv(), this::runningVersions);
    }

    public BackupRepository backupRepository() {
        return backupRepository;
    }

    /** The versions of an app whose instances run or start: they may be writing its database. */
    public List<String> runningVersions(String app) {
        return instances.running(app);
    }

    /** What SDKs report about flags: exposures, metrics, hybrid-mode experiments. */
    public FlagEventRepository flagEvents() {
        return flagEvents;
    }

    /** Stores an SDK's batch of flag events and adds metrics for experiments seen for the first time. */
    public void recordFlagEvents(EventBatch batch) {
        flagEvents.record(batch);
        experimentMetrics.observe(batch);
    }

    /** The control plane's clock (the store's). */
    public java.time.Clock clock() {
        return store.clock();
    }

    /**
     * Starts applying {@code flags.file} when slipway.yaml names one: now (an invalid file is reported and
     * the store's state kept), then on every change, until the watcher is closed.
     */
    public synchronized Optional<FlagsFileWatcher> watchFlagsFile() {
        if (flagsFile == null && config.flags().file() != null) {
            flagsFile = FlagsFileWatcher.start(config.flags().file(), flags);
            FlagMetrics.file(metrics.registry(), flagsFile);
        }
        return flagsFile();
    }

    /** The flags.yaml watcher, when one was started. */
    public Optional<FlagsFileWatcher> flagsFile() {
        return Optional.ofNullable(flagsFile);
    }

    public ControlPlaneMetrics metrics() {
        return metrics;
    }

    public Optional<Deployment> deployment(long id) {
        return deployments.find(id);
    }

    public List<Deployment> deployments(String app, int limit) {
        return deployments.list(app, limit);
    }

    public Optional<AppConfig> app(String name) {
        return Optional.ofNullable(config.app(name));
    }

    /** Readiness of the control plane itself: each check by name, true when up. */
    public Map<String, Boolean> readiness() {
        return Map.of("store", store.reachable(), "gateway", gatewayUp.getAsBoolean());
    }

    /** The gateway process(es): version, instances and whether one answers on its control endpoint. */
    public List<AppStatus.VersionStatus> gateway() {
        List<AppStatus.VersionStatus> versions = new ArrayList<>();
        for (String version : fleet.versions(SlipwayServer.GATEWAY_APP)) {
            Processes.Health health = fleet.health(SlipwayServer.GATEWAY_APP, version);
            versions.add(new AppStatus.VersionStatus(version, gatewayUp.getAsBoolean() ? "UP" : "DOWN",
                    health.kind().name(), health.reason(), fleet.instances(SlipwayServer.GATEWAY_APP, version)));
        }
        return versions;
    }

    public List<AppStatus> status() {
        List<AppStatus> all = new ArrayList<>();
        for (String name : config.apps().keySet().stream().sorted().toList()) {
            all.add(status(name));
        }
        return all;
    }

    public AppStatus status(String name) {
        AppConfig app = config.app(name);
        Optional<AppRepository.AppState> state = apps.find(name);
        Map<String, String> versionStates = new java.util.HashMap<>();
        apps.versions(name).forEach(v -> versionStates.put(v.version(), v.state()));
        List<AppStatus.VersionStatus> versions = new ArrayList<>();
        for (String version : fleet.versions(name)) {
            Processes.Health health = fleet.health(name, version);
            versions.add(new AppStatus.VersionStatus(version, versionStates.getOrDefault(version, "-"),
                    health.kind().name(), health.reason(), fleet.instances(name, version)));
        }
        Deployment last = deployments.list(name, 1).stream().findFirst()
                .flatMap(d -> deployments.find(d.id())).orElse(null);
        return new AppStatus(name, app.gateway().listen().toString(),
                state.map(AppRepository.AppState::stableVersion).orElse(null),
                state.map(AppRepository.AppState::previousVersion).orElse(null),
                router.current(name), versions, last);
    }

    /** Every version of the app Slipway has seen, newest first, with its state. */
    public List<AppRepository.VersionState> versions(String app) {
        return apps.versions(app);
    }

    public List<String> logs(String app, String version, int lines) {
        return fleet.tailLog(app, version, lines);
    }

    /** The stable version of an app, if it has one. */
    public Optional<String> stableVersion(String app) {
        return apps.find(app).map(AppRepository.AppState::stableVersion);
    }
}
