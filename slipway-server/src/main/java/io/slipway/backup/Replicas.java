package io.slipway.backup;

import io.slipway.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The continuous WAL capture of every app whose backup: block has {@code pitr}, into
 * {@code <backup.dir>/pitr}; compacted hourly to the configured retention. A database that does not
 * exist yet (the app has not created it) is looked for again every minute. {@link #capture(String)} says
 * whether each app's capture runs, and if not, why. When the backup: block has an encryption key, the
 * replica is encrypted with it: a replica is a full copy of the database, and must not be the plaintext
 * one beside encrypted backups. A key that cannot be read stops that app's capture (retried every
 * minute, and said by {@link #capture(String)}) rather than let it write plaintext.
 */
public final class Replicas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicas.class);
    private final Map<String, WalReplica> running = new ConcurrentHashMap<>();
    /** Why an app's capture does not run, for the apps not in {@link #running}. */
    private final Map<String, String> notRunning = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Collection<AppConfig> apps;
    private final Map<String, String> env;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slipway-pitr-replicas");
        t.setDaemon(true);
        return t;
    });

    private Replicas(Collection<AppConfig> apps, Map<String, String> env, Clock clock) {
        this.apps = apps.stream().filter(a -> a.backup() != null && a.backup().pitr() != null && a.database().sqlite())
                .toList();
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /**
     * Starts capturing what can be captured now, and looks again every minute; compacts every hour.
     *
     * @param env where encryption keys named by {@code keyEnv} are read (the server's environment)
     */
    public static Replicas start(Collection<AppConfig> apps, Map<String, String> env, Clock clock) {
        Replicas r = new Replicas(apps, env, clock);
        r.startMissing();
        r.executor.scheduleWithFixedDelay(r::startMissing, 1, 1, TimeUnit.MINUTES);
        r.executor.scheduleWithFixedDelay(r::compact, 1, 1, TimeUnit.HOURS);
        return r;
    }

    /** Where an app's replica lives. */
    public static Path dir(AppConfig app) {
        return app.backup().dir().resolve("pitr");
    }

    private void startMissing() {
        for (AppConfig app : apps) {
            if (running.containsKey(app.name())) {
                continue;
            }
            if (!Files.exists(app.database().path())) {
                notRunning.put(app.name(), "database " + app.database().path()
                        + " does not exist yet; capture starts within a minute of its creation");
                continue;
            }
            try {
                running.put(app.name(), WalReplica.start(app.database().path(), dir(app), clock,
                        app.backup().pitr().interval(), BackupKeys.configured(app.backup(), env)));
                notRunning.remove(app.name());
                log.info("event=pitr-started app={} database={} replica={}", app.name(), app.database().path(), dir(app));
            } catch (RuntimeException e) {
                notRunning.put(app.name(), "capture did not start (retried every minute): " + e.getMessage());
                log.error("event=pitr-not-started app={} error=\"{}\"", app.name(), e.getMessage());
            }
        }
    }

    private void compact() {
        for (AppConfig app : apps) {
            if (running.containsKey(app.name())) {
                try {
                    ReplicaRetention.compact(dir(app), clock.instant().minus(app.backup().pitr().retention()),
                            BackupKeys.configured(app.backup(), env));
                } catch (RuntimeException e) {
                    log.error("event=pitr-compaction-failed app={} error=\"{}\"", app.name(), e.getMessage());
                }
            }
        }
    }

    /** The apps captured here: those with backup.pitr and a SQLite database. */
    public List<String> apps() {
        return apps.stream().map(AppConfig::name).toList();
    }

    /**
     * Whether the app's capture runs and how far behind it is; reads no file, so a scrape can ask often.
     * Empty when the app is not captured here (see {@link #apps()}).
     */
    public Optional<CaptureStatus> capture(String app) {
        WalReplica replica = running.get(app);
        if (replica != null) {
            CaptureStatus status = replica.capture();
            return Optional.of(closed ? status.stopped("capture stopped: Slipway's control plane closed") : status);
        }
        String why = notRunning.get(app);
        return why == null ? Optional.empty() : Optional.of(CaptureStatus.down(why));
    }

    /** The files of the generation capture writes for the app (this lists its directory); empty before it started. */
    public Optional<ReplicaStatus> replica(String app) {
        return Optional.ofNullable(running.get(app)).map(WalReplica::status);
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        running.values().forEach(WalReplica::close);
    }
}
