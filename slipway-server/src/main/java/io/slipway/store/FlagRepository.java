package io.slipway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import io.slipway.flags.AppliedFile;
import io.slipway.flags.Flag;
import io.slipway.flags.FlagChange;
import io.slipway.flags.Segment;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Flags, segments and the audit of their changes. A change is read, checked and written with its
 * audit row inside one {@link #write} so that no other change can come between the check and the
 * write, and the state and its history never disagree.
 */
public final class FlagRepository {
    /** The key of the last applied flags.yaml in the runtime table. */
    private static final String APPLIED_FILE = "flags.file";
    private static final String CHANGE_COLUMNS = "id, at, who, action, flag, segment, environment, before_json,"
            + " after_json, reason";
    private final Store store;

    public FlagRepository(Store store) {
        this.store = store;
    }

    /** Work on the flag tables inside one transaction (or one consistent read). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** Runs {@code work} in one transaction; nothing is written when it throws. */
    public <T> T write(Work<T> work) {
        return store.write(c -> work.run(new Tx(c)));
    }

    public <T> T read(Work<T> work) {
        return store.read(c -> work.run(new Tx(c)));
    }

    /** The flag tables as one transaction sees them. */
    public static final class Tx {
        private final Connection c;

        private Tx(Connection c) {
            this.c = c;
        }

        public Optional<Flag> flag(String key) throws SQLException {
            return Sql.one(c, "SELECT definition FROM flags WHERE key = ?", rs -> parse(rs, Flag.class), key);
        }

        /** Every flag, by key. */
        public List<Flag> flags() throws SQLException {
            return Sql.query(c, "SELECT definition FROM flags ORDER BY key", rs -> parse(rs, Flag.class));
        }

        public List<Flag> flagsInCategory(String category) throws SQLException {
            return Sql.query(c, "SELECT definition FROM flags WHERE category = ? ORDER BY key",
                    rs -> parse(rs, Flag.class), category);
        }

        /** Inserts or replaces the flag, with the version and timestamps it carries. */
        public void save(Flag flag) throws SQLException {
            Sql.update(c, "INSERT INTO flags (key, definition, category, version, created_at, updated_at)"
                            + " VALUES (?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET definition = excluded.definition,"
                            + " category = excluded.category, version = excluded.version,"
                            + " updated_at = excluded.updated_at",
                    flag.key(), Json.write(flag), flag.category(), flag.version(), flag.createdAt(), flag.updatedAt());
        }

        public boolean deleteFlag(String key) throws SQLException {
            return Sql.update(c, "DELETE FROM flags WHERE key = ?", key) > 0;
        }

        public Optional<Segment> segment(String name) throws SQLException {
            return Sql.one(c, "SELECT definition FROM segments WHERE name = ?", rs -> parse(rs, Segment.class), name);
        }

        /** Every segment, by name. */
        public List<Segment> segments() throws SQLException {
            return Sql.query(c, "SELECT definition FROM segments ORDER BY name", rs -> parse(rs, Segment.class));
        }

        public void save(Segment segment, Instant now) throws SQLException {
            Sql.update(c, "INSERT INTO segments (name, definition, created_at, updated_at) VALUES (?,?,?,?)"
                            + " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition,"
                            + " updated_at = excluded.updated_at",
                    segment.name(), Json.write(segment), now, now);
        }

        public boolean deleteSegment(String name) throws SQLException {
            return Sql.update(c, "DELETE FROM segments WHERE name = ?", name) > 0;
        }

        /** The flags.yaml applied last, kept with the flags so that both commit or neither does. */
        public Optional<AppliedFile> appliedFile() throws SQLException {
            return Sql.one(c, "SELECT value AS definition FROM runtime WHERE key = ?",
                    rs -> parse(rs, AppliedFile.class), APPLIED_FILE);
        }

        public void save(AppliedFile applied, Instant now) throws SQLException {
            Sql.update(c, "INSERT INTO runtime (key, value, updated_at) VALUES (?,?,?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    APPLIED_FILE, Json.write(applied), now);
        }

        /** The version of the flag state: the id of the last change, 0 before the first. */
        public long version() throws SQLException {
            return Sql.one(c, "SELECT coalesce(max(id), 0) FROM flag_changes", rs -> rs.getLong(1)).orElse(0L);
        }

        /** Records {@code change}; returns it with its id, the new version of the flag state. */
        public FlagChange audit(FlagChange change) throws SQLException {
            long id = Sql.insert(c, "INSERT INTO flag_changes (at, who, action, flag, segment, environment,"
                            + " before_json, after_json, reason) VALUES (?,?,?,?,?,?,?,?,?)",
                    change.at(), change.who(), change.action().label(), change.flag(), change.segment(),
                    change.environment(), json(change.before()), json(change.after()), change.reason());
            return change.withVersion(id);
        }

        /** The changes of one flag, newest first. */
        public List<FlagChange> history(String key, int limit) throws SQLException {
            return Sql.query(c, "SELECT " + CHANGE_COLUMNS + " FROM flag_changes WHERE flag = ? ORDER BY id DESC LIMIT ?",
                    Tx::change, key, limit);
        }

        private static FlagChange change(ResultSet rs) throws SQLException {
            return new FlagChange(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("who"),
                    FlagChange.Action.parse(rs.getString("action")), rs.getString("flag"), rs.getString("segment"),
                    rs.getString("environment"), tree(rs.getString("before_json")), tree(rs.getString("after_json")),
                    rs.getString("reason"));
        }

        private static String json(JsonNode node) {
            return node == null || node.isNull() ? null : Json.write(node);
        }

        private static JsonNode tree(String text) throws SQLException {
            try {
                return text == null ? null : Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new SQLException("flag change JSON is not valid: " + e.getOriginalMessage(), e);
            }
        }

        private static <T> T parse(ResultSet rs, Class<T> type) throws SQLException {
            String text = rs.getString("definition");
            try {
                return Json.MAPPER.readValue(text, type);
            } catch (JsonProcessingException e) {
                throw new SQLException(type.getSimpleName() + " definition in the store cannot be read: "
                        + e.getOriginalMessage(), e);
            }
        }
    }
}
