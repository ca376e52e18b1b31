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
 * exist yet (the app has not created it) is looked for again every minute.
 */
public final class Replicas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicas.class);
    private final Map<String, WalReplica> running = new ConcurrentHashMap<>();
    private final Collection<AppConfig> apps;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slipway-pitr-replicas");
        t.setDaemon(true);
        return t;
    });

    private Replicas(Collection<AppConfig> apps, Clock clock) {
        this.apps = apps.stream().filter(a -> a.backup() != null && a.backup().pitr() != null && a.database().sqlite())
                .toList();
        this.clock = clock;
    }

    /** Starts capturing what can be captured now, and looks again every minute; compacts every hour. */
    public static Replicas start(Collection<AppConfig> apps, Clock clock) {
        Replicas r = new Replicas(apps, clock);
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
                        app.backup().pitr().interval()));
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
                    ReplicaRetention.compact(dir(app), clock.instant().minus(app.backup().pitr().retention()));
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
