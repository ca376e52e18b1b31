package io.slipway.backup;

import io.slipway.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The continuous WAL capture of every app whose backup: block has {@code pitr}, into
 * {@code <backup.dir>/pitr}; compacted hourly to the configured retention. A database that does not
 * exist yet (the app has not created it) is looked for again every minute. When the backup: block
 * has an encryption key, the replica is encrypted with it: a replica is a full copy of the database,
 * and must not be the plaintext one beside encrypted backups. A key that cannot be read stops that
 * app's capture (retried every minute) rather than let it write plaintext.
 */
public final class Replicas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicas.class);
    private final Map<String, WalReplica> running = new ConcurrentHashMap<>();
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
            if (running.containsKey(app.name()) || !Files.exists(app.database().path())) {
                continue;
            }
            try {
                running.put(app.name(), WalReplica.start(app.database().path(), dir(app), clock,
                        app.backup().pitr().interval(), BackupKeys.configured(app.backup(), env)));
                log.info("event=pitr-started app={} database={} replica={}", app.name(), app.database().path(), dir(app));
            } catch (RuntimeException e) {
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

    @Override
    public void close() {
        executor.shutdownNow();
        running.values().forEach(WalReplica::close);
    }
}
