package io.slipway.store;

import java.time.Instant;
import java.util.Optional;

/** Small facts shared between Slipway's processes, such as the gateway's control address. */
public final class RuntimeRepository {
    private final Store store;

    public RuntimeRepository(Store store) {
        this.store = store;
    }

    public void put(String key, String value) {
        Instant now = store.clock().instant();
        store.write(c -> Sql.update(c, "INSERT INTO runtime (key, value, updated_at) VALUES (?,?,?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                key, value, now));
    }

    public Optional<String> get(String key) {
        return store.read(c -> Sql.one(c, "SELECT value FROM runtime WHERE key = ?", rs -> rs.getString(1), key));
    }
}
