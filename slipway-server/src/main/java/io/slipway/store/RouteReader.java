package io.slipway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The routing tables as another process reads them (the gateway): with connections of its own, read
 * only, and with a cheap question to ask often, "may the routes have changed?" ({@link #version}),
 * so that the tables themselves are read only when they may have.
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class RouteReader implements AutoCloseable {
    private final StoreLocation location;
    private final StoreConnections connections;

    private RouteReader(StoreLocation location, StoreConnections connections) {
        this.location = location;
        this.connections = connections;
    }

    /**
     * @param who names the connections on the database server (PostgreSQL's application_name)
     * @throws SQLException when the store cannot be reached
     */
    public static RouteReader open(StoreLocation location, String who) throws SQLException {
        return new RouteReader(location, location.openForReading(who));
    }

    /**
     * A number that changes whenever the routes may have changed: SQLite's {@code data_version} (any
     * commit by another connection), on PostgreSQL the sum of the generations (each save raises one).
     */
    public long version() throws SQLException {
        return connections.use(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(location.routesVersionQuery())) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        });
    }

    /** Every app's routing table, by app. */
    public List<RouteRepository.StoredRoutes> readAll() throws SQLException {
        return connections.use(RouteRepository::readAll);
    }

    @Override
    public void close() throws SQLException {
        connections.close();
    }
}
