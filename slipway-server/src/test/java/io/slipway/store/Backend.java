package io.slipway.store;

import io.slipway.migrate.PostgresServer;

import java.nio.file.Path;
import java.sql.SQLException;

/** The databases the store runs on; the store's tests run on each. */
enum Backend {
    SQLITE,
    POSTGRES;

    /** Where a new, empty store of this kind goes: a file in {@code dir}, or a new database on {@code pg}. */
    StoreLocation newLocation(Path dir, PostgresServer pg) throws SQLException {
        return this == SQLITE ? StoreLocation.sqlite(dir.resolve("slipway.db")) : StoreLocation.postgres(pg.createDatabase());
    }
}
