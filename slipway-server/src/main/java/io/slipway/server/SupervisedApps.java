package io.slipway.server;

import io.slipway.backup.AppInstances;
import io.slipway.backup.BackupException;
import io.slipway.config.AppConfig;
import io.slipway.deploy.Processes;
import io.slipway.deploy.ReadinessProbe;
import io.slipway.deploy.Router;
import io.slipway.gateway.Slot;
import io.slipway.gateway.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The apps' versions as the supervisor runs them, for a restore that stops an app: stopped through the
 * fleet, started again there, and the routing table pointed at the new instances (they get new ports).
 */
final class SupervisedApps implements AppInstances {
    private static final Logger log = LoggerFactory.getLogger(SupervisedApps.class);
    /** Beyond the app's own stop timeout (SIGTERM → SIGKILL), for the process trees to be reaped. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(30);
    /** As a deployment's switch waits for the gateway to confirm a new routing table. */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private final ControlPlane.Fleet fleet;
    private final Router router;
    private final Function<String, AppConfig> apps;

    SupervisedApps(ControlPlane.Fleet fleet, Router router, Function<String, AppConfig> apps) {
        this.fleet = fleet;
        this.router = router;
        this.apps = apps;
    }

    @Override
    public List<String> running(String app) {
        return fleet.versions(app).stream().filter(v -> {
            Processes.Health.Kind kind = fleet.health(app, v).kind();
            return kind == Processes.Health.Kind.RUNNING || kind == Processes.Health.Kind.STARTING;
        }).toList();
    }

    @Override
    public void stop(String app, List<String> stopping) {
        AppConfig config = apps.apply(app);
        CompletableFuture<?>[] stopped = stopping.stream().map(v -> fleet.stop(config, v)).toArray(CompletableFuture[]::new);
        Duration limit = config.stopTimeout().plus(STOP_MARGIN);
        try {
            CompletableFuture.allOf(stopped).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new BackupException(app + " (" + String.join(", ", stopping) + ") did not stop within " + limit
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted while stopping " + app, e);
        }
    }

    /**
     * Starts the versions, waits (up to the app's {@code readyTimeout}) until their instances answer on
     * the ready path, then points the routing table at them and waits for the gateway to serve it, so
     * that a restore which returns has the app serving again. The table moves even when instances are
     * late: the old ones are gone, so it has nowhere better to point.
     */
    @Override
    public void start(String app, List<String> starting) {
        AppConfig config = apps.apply(app);
        List<Slot> table = new ArrayList<>(router.current(app));
        List<Upstream> started = new ArrayList<>();
        for (String version : starting) {
            List<Upstream> upstreams = fleet.start(config, version);
            started.addAll(upstreams);
            table.replaceAll(s -> s.version().equals(version)
                    ? new Slot(s.name(), version, upstreams, s.weight(), s.mirror()) : s);
        }
        List<String> notReady = awaitReady(config, started);
        if (!table.isEmpty()) {
            publish(app, table);
        }
        if (!notReady.isEmpty()) {
            throw new BackupException(String.join(", ", starting) + " started but not ready within readyTimeout "
                    + config.readyTimeout().toSeconds() + "s: " + String.join("; ", notReady));
        }
    }

    private static List<String> awaitReady(AppConfig config, List<Upstream> upstreams) {
        try {
            return ReadinessProbe.awaitReady(upstreams, config.health(), config.readyTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted while waiting for " + config.name() + " to be ready", e);
        }
    }

    private void publish(String app, List<Slot> table) {
        try {
            long generation = router.publish(app, table).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("event=routes-republished app={} generation={}", app, generation);
        } catch (TimeoutException | ExecutionException e) {
            // Stored all the same: the gateway serves the table when it next looks.
            log.warn("event=routes-republish-unconfirmed app={} error=\"{}\"", app, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted while publishing the routes of " + app, e);
        }
    }
}
