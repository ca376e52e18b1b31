package io.slipway.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * An app stopped for a restore: its running versions stopped around the swap and started again after
 * it, also when the swap fails, so that the app comes back on its database as it was.
 */
final class AppStop {
    private static final Logger log = LoggerFactory.getLogger(AppStop.class);
    private final AppInstances instances;
    private final String app;
    private final List<String> versions;

    AppStop(AppInstances instances, String app, List<String> versions) {
        this.instances = instances;
        this.app = app;
        this.versions = List.copyOf(versions);
    }

    /** What {@code swap} returns, run with the versions stopped (at once when none runs). */
    <T> T around(Supplier<T> swap) {
        if (versions.isEmpty()) {
            return swap.get();
        }
        T result;
        try {
            stop();
            result = swap.get();
        } catch (RuntimeException e) {
            log.error("event=restore-abandoned app={} versions={} error=\"{}\"", app, String.join(",", versions),
                    e.getMessage());
            start("the restore failed (" + e.getMessage() + ")");
            throw new BackupException(e instanceof BackupException b ? b.kind() : BackupException.Kind.FAILED,
                    e.getMessage() + "; " + named() + " started again on its database as it was before the restore", e);
        }
        start("the database was restored");
        return result;
    }

    private void stop() {
        log.warn("event=restore-stopping-app app={} versions={}", app, String.join(",", versions));
        instances.stop(app, versions);
        log.warn("event=restore-stopped-app app={} versions={}", app, String.join(",", versions));
    }

    /** Starts the versions again; when that fails, says what happened before ({@code before}) and what to do. */
    private void start(String before) {
        try {
            instances.start(app, versions);
        } catch (RuntimeException e) {
            log.error("event=restore-app-not-started app={} versions={} error=\"{}\"", app, String.join(",", versions),
                    e.getMessage());
            throw new BackupException(before + ", but starting " + named() + " again failed: " + e.getMessage()
                    + "; see slipway status " + app, e);
        }
        log.warn("event=restore-started-app app={} versions={}", app, String.join(",", versions));
    }

    private String named() {
        return app + " (" + String.join(", ", versions) + ")";
    }
}
