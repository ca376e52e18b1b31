package io.slipway.store;

import io.slipway.supervisor.InstanceRecord;
import io.slipway.supervisor.InstanceState;
import io.slipway.supervisor.InstanceStore;

import java.time.Instant;
import java.util.List;

/** The supervisor's instance records in the {@code instances} table. */
public final class InstanceRepository implements InstanceStore {
    private final Store store;

    public InstanceRepository(Store store) {
        this.store = store;
    }

    @Override
    public void save(InstanceRecord r) {
        Instant now = store.clock().instant();
        store.write(c -> Sql.update(c, "INSERT INTO instances (id, app, version, idx, port, pid, process_start, state,"
                        + " restarts, last_exit, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                        + " port = excluded.port, pid = excluded.pid, process_start = excluded.process_start,"
                        + " state = excluded.state, restarts = excluded.restarts, last_exit = excluded.last_exit,"
                        + " updated_at = excluded.updated_at",
                r.id(), r.app(), r.version(), r.index(), r.port(), r.pid(), r.processStart(), r.state(), r.restarts(),
                r.lastExit(), now));
    }

    @Override
    public void delete(String id) {
        store.write(c -> Sql.update(c, "DELETE FROM instances WHERE id = ?", id));
    }

    @Override
    public List<InstanceRecord> all() {
        return store.read(c -> Sql.query(c, "SELECT * FROM instances ORDER BY id", rs -> new InstanceRecord(
                rs.getString("id"), rs.getString("app"), rs.getString("version"), rs.getInt("idx"), rs.getInt("port"),
                rs.getLong("pid"), Sql.instant(rs, "process_start"), InstanceState.valueOf(rs.getString("state")),
                rs.getInt("restarts"), rs.getString("last_exit"))));
    }
}
