package io.slipway.backup;

import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.store.BackupRepository;
import io.slipway.store.BackupRepository.StoredBackup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the apps' scheduled backups (then their retention) and scheduled verifications, by their cron
 * expressions in UTC. A schedule is due when its next time after the last scheduled run (or, before
 * the first, after the scheduler started) has come; a run missed while Slipway was down happens once
 * when it is back. One daemon thread, so a long backup delays the next but nothing else.
 */
public final class BackupScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);
    private final Backups backups;
    private final BackupRepository repository;
    private final Collection<AppConfig> apps;
    private final Clock clock;
    private final Instant started;
    private final java.util.Map<String, Instant> lastVerify = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    /** @throws IllegalArgumentException naming the app and expression when a schedule does not parse */
    public BackupScheduler(Backups backups, BackupRepository repository, Collection<AppConfig> apps, Clock clock) {
        this.backups = backups;
        this.repository = repository;
        this.apps = apps.stream().filter(a -> a.backup() != null).toList();
        this.clock = clock;
        this.started = clock.instant();
        for (AppConfig a : this.apps) {
            parse(a, a.backup().schedule(), "schedule");
            parse(a, a.backup().verifySchedule(), "verify.schedule");
        }
    }

    /** Looks every 30 s. */
    public BackupScheduler start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slipway-backup-scheduler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, 30, 30, TimeUnit.SECONDS);
        return this;
    }

    /** Runs what is due now. */
    public void tick() {
        for (AppConfig app : apps) {
            try {
                backupIfDue(app);
                verifyIfDue(app);
            } catch (RuntimeException e) {
                log.error("event=scheduled-backup-failed app={} error=\"{}\"", app.name(), e.getMessage());
            }
        }
    }

    private void backupIfDue(AppConfig app) {
        BackupConfig b = app.backup();
        Instant last = repository.list(app.name(), 10_000).stream().filter(x -> x.kind().equals("scheduled"))
                .map(StoredBackup::startedAt).findFirst().orElse(started);
        if (due(app, b.schedule(), last)) {
            backups.now(app.name(), "scheduled", "schedule", "schedule " + b.schedule());
            backups.prune(app.name(), false);
        }
    }

    private void verifyIfDue(AppConfig app) {
        Instant last = lastVerify.getOrDefault(app.name(), started);
        if (due(app, app.backup().verifySchedule(), last)) {
            lastVerify.put(app.name(), clock.instant());
            backups.verify(app.name(), null);
        }
    }

    private boolean due(AppConfig app, String expression, Instant last) {
        Optional<Instant> next = parse(app, expression, "schedule").flatMap(c -> c.next(last, ZoneOffset.UTC));
        return next.isPresent() && !next.get().isAfter(clock.instant());
    }

    private static Optional<CronSchedule> parse(AppConfig app, String expression, String key) {
        if (expression == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CronSchedule.parse(expression));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apps." + app.name() + ".backup." + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
