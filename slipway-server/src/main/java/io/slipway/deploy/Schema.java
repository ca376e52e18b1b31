package io.slipway.deploy;

import io.slipway.config.AppConfig;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the orchestrator needs from the migration engine: an app's schema moved forward with a
 * candidate's scripts, and back when a rollback's policy says so. Every call returns at once and
 * the work runs elsewhere (a migration may take minutes; the orchestrator's tick must not wait).
 */
public interface Schema {
    /** For orchestrators of apps that do not migrate: every call fails, naming what is missing. */
    Schema NONE = new Schema() {
        @Override
        public CompletableFuture<SchemaChange> migrate(AppConfig app, String version, String previous, String by) {
            return unsupported(app);
        }

        @Override
        public CompletableFuture<SchemaChange> undo(AppConfig app, String version, String to, String by) {
            return unsupported(app);
        }

        @Override
        public CompletableFuture<Restored> restore(AppConfig app, String backup, String by) {
            return unsupported(app);
        }

        private <T> CompletableFuture<T> unsupported(AppConfig app) {
            return CompletableFuture.failedFuture(new IllegalStateException("this orchestrator has no migration"
                    + " engine to migrate " + app.name() + "'s database with"));
        }
    };

    /**
     * Applies {@code version}'s pending migrations, after the backup the app's config asks for, stopping
     * before the first {@code -- slipway:contract} script while {@code previous} or any version but
     * {@code version} runs: those scripts are reported as deferred. A failing script fails the future
     * with the engine's message (script, statement, SQL error); its transaction is rolled back.
     */
    CompletableFuture<SchemaChange> migrate(AppConfig app, String version, String previous, String by);

    /** Runs the undo scripts in {@code version}'s migrations down to, not including, schema version {@code to} (null: all). */
    CompletableFuture<SchemaChange> undo(AppConfig app, String version, String to, String by);

    /** Restores backup {@code backup} over the app's database, its running versions stopped for the swap and started again. */
    CompletableFuture<Restored> restore(AppConfig app, String backup, String by);

    /**
     * What a restore did.
     *
     * @param backup  the backup restored
     * @param safety  the backup taken of the database it replaced
     * @param stopped the versions stopped for the swap and started again
     */
    record Restored(String backup, String safety, List<String> stopped) {
        public Restored {
            stopped = List.copyOf(stopped);
        }
    }
}
