package io.slipway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which version of each app serves traffic, and which previous one is kept warm. */
public final class AppRepository {
    private final Store store;

    public AppRepository(Store store) {
        this.store = store;
    }

    /** The release state of one app. */
    public record AppState(String name, String stableVersion, String previousVersion, Instant updatedAt) {
    }

    public Optional<AppState> find(String app) {
        return store.read(c -> Sql.one(c, "SELECT * FROM apps WHERE name = ?", rs -> new AppState(
                rs.getString("name"), rs.getString("stable_version"), rs.getString("previous_version"),
                Sql.instant(rs, "updated_at")), app));
    }

    public List<AppState> all() {
        return store.read(c -> Sql.query(c, "SELECT * FROM apps ORDER BY name", rs -> new AppState(
                rs.getString("name"), rs.getString("stable_version"), rs.getString("previous_version"),
                Sql.instant(rs, "updated_at"))));
    }

    public void save(String app, String stableVersion, String previousVersion) {
        Instant now = store.clock().instant();
        store.write(c -> Sql.update(c, "INSERT INTO apps (name, stable_version, previous_version, updated_at)"
                        + " VALUES (?,?,?,?) ON CONFLICT (name) DO UPDATE SET stable_version = excluded.stable_version,"
                        + " previous_version = excluded.previous_version, updated_at = excluded.updated_at",
                app, stableVersion, previousVersion, now));
    }

    /** Records that a version was seen, and its state (CANDIDATE, STABLE, PREVIOUS, RETIRED, FAILED). */
    public void versionState(String app, String version, String state) {
        Instant now = store.clock().instant();
        store.write(c -> Sql.update(c, "INSERT INTO versions (app, version, state, first_seen_at, updated_at)"
                        + " VALUES (?,?,?,?,?) ON CONFLICT (app, version) DO UPDATE SET state = excluded.state,"
                        + " updated_at = excluded.updated_at", app, version, state, now, now));
    }

    /** Every version of an app ever deployed, newest first, with its state. */
    public List<VersionState> versions(String app) {
        return store.read(c -> Sql.query(c, "SELECT version, state, first_seen_at, updated_at FROM versions"
                        + " WHERE app = ? ORDER BY first_seen_at DESC, version DESC",
                rs -> new VersionState(rs.getString("version"), rs.getString("state"),
                        Sql.instant(rs, "first_seen_at"), Sql.instant(rs, "updated_at")), app));
    }

    /** One row of {@link #versions}. */
    public record VersionState(String version, String state, Instant firstSeenAt, Instant updatedAt) {
    }
}
