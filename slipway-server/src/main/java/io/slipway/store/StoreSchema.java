package io.slipway.store;

import io.slipway.migrate.ClasspathScripts;
import io.slipway.migrate.MigrationException;
import io.slipway.migrate.MigrationOptions;
import io.slipway.migrate.Migrator;

import java.time.Clock;
import java.util.Optional;

/**
 * Brings the store's schema up to date with the migration engine, like an app's database: the
 * scripts for the store's database under {@code db/store/<sqlite|postgresql>/} on the classpath,
 * recorded in {@code slipway_migration_history} in the store itself, under the engine's lock (two
 * servers starting on one PostgreSQL store migrate it once). A store from before the engine is
 * converted first ({@link LegacySchemaHistory}).
 */
final class StoreSchema {
    private StoreSchema() {
    }

    /** @throws StoreException naming the store and what the engine refused or what failed */
    static void migrate(Store store) {
        StoreLocation location = store.location();
        try (ClasspathScripts scripts = ClasspathScripts.open(StoreSchema.class.getClassLoader(), location.scripts())) {
            // The system clock, not the store's: it times real waits for another migrator's lock.
            Migrator migrator = new Migrator(scripts.directory(), location.migrationDatabase(),
                    MigrationOptions.defaults(), Clock.systemUTC());
            LegacySchemaHistory.convert(store, migrator, scripts.directory());
            migrator.up(Optional.empty());
        } catch (MigrationException e) {
            throw new StoreException("cannot migrate store " + location + ": " + e.getMessage(), e);
        }
    }
}
