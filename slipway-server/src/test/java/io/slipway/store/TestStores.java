package io.slipway.store;

import io.slipway.migrate.PostgresServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * New stores on either {@link Backend} for the tests of one class, each closed after its test; one
 * PostgreSQL server for the class: {@code @RegisterExtension static final TestStores stores = new TestStores();}.
 */
final class TestStores implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final PostgresServer pg = new PostgresServer();
    private final List<Store> open = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        pg.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        pg.afterAll(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(Store::close);
        open.clear();
    }

    /** Where a new, empty store goes: a file in {@code dir}, or a new PostgreSQL database. */
    StoreLocation location(Backend backend, Path dir) throws SQLException {
        return backend == Backend.SQLITE ? StoreLocation.sqlite(dir.resolve("slipway.db"))
                : StoreLocation.postgres(pg.createDatabase());
    }

    /** The class's PostgreSQL server. */
    PostgresServer postgres() {
        return pg;
    }

    /** A new store, closed after the test. */
    Store open(Backend backend, Path dir, Clock clock) throws SQLException {
        return open(location(backend, dir), clock);
    }

    /** The store at {@code location}, closed after the test. */
    Store open(StoreLocation location, Clock clock) {
        Store store = Store.open(location, clock);
        open.add(store);
        return store;
    }
}
