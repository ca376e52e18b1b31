package io.slipway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The routing table of each app, as JSON, with a generation that only grows. The gateway process
 * reads it with its own connection ({@link #readAll(Connection)}).
 */
public final class RouteRepository {
    private final Store store;

    public RouteRepository(Store store) {
        this.store = store;
    }

    /** A stored routing table. */
    public record StoredRoutes(String app, long generation, String slotsJson, Instant updatedAt) {
    }

    /** Saves a new table for {@code app} and returns its generation (previous + 1). */
    public long save(String app, String slotsJson) {
        Instant now = store.clock().instant();
        return store.write(c -> {
            long generation = Sql.one(c, "SELECT generation FROM routes WHERE app = ?", rs -> rs.getLong(1), app)
                    .orElse(0L) + 1;
            Sql.update(c, "INSERT INTO routes (app, generation, slots_json, updated_at) VALUES (?,?,?,?)"
                    + " ON CONFLICT (app) DO UPDATE SET generation = excluded.generation,"
                    + " slots_json = excluded.slots_json, updated_at = excluded.updated_at",
                    app, generation, slotsJson, now);
            return generation;
        });
    }

    public Optional<StoredRoutes> find(String app) {
        return store.read(c -> Sql.one(c, "SELECT * FROM routes WHERE app = ?", RouteRepository::map, app));
    }

    public List<StoredRoutes> all() {
        return store.read(RouteRepository::readAll);
    }

    public static List<StoredRoutes> readAll(Connection c) throws SQLException {
        return Sql.query(c, "SELECT * FROM routes ORDER BY app", RouteRepository::map);
    }

    private static StoredRoutes map(java.sql.ResultSet rs) throws SQLException {
        return new StoredRoutes(rs.getString("app"), rs.getLong("generation"), rs.getString("slots_json"),
                Sql.instant(rs, "updated_at"));
    }
}
