package io.slipway.deploy;

import io.slipway.migrate.PostgresServer;
import io.slipway.store.StoreLocation;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;

/** {@link OrchestratorTest} on a PostgreSQL store: a new database per test, one server for the class. */
class OrchestratorPostgresTest extends OrchestratorTest {
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();

    @Override
    StoreLocation newStore() throws SQLException {
        return StoreLocation.postgres(pg.createDatabase());
    }
}
