package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** server.store: an SQLite file by default, or a PostgreSQL database by URL; problems name key and value. */
class StoreReaderTest {
    private static final Path BASE = Path.of("/srv/shop");

    @Test
    void isAnSqliteFileInTheDataDirByDefault() {
        assertThat(store("server: { listen: 127.0.0.1:7070 }")).isEqualTo(StoreConfig.DEFAULTS);
        assertThat(store("server: { store: { path: state.db } }")).isEqualTo(new StoreConfig("sqlite", "state.db"));
    }

    @Test
    void isAPostgresDatabaseGivenByItsUrlAlone() {
        assertThat(store("server: { store: \"postgres://slipway@db.internal/slipway\" }")).isEqualTo(
                new StoreConfig("postgres", null, "db.internal", 5432, "slipway", "slipway", null));
    }

    @Test
    void takesThePasswordVariableFromTheMapping() {
        assertThat(store("""
                server:
                  store: { url: "postgresql://ops@10.0.0.5:6432/control", passwordEnv: CONTROL_DB_PASSWORD }
                """)).isEqualTo(new StoreConfig("postgres", null, "10.0.0.5", 6432, "control", "ops",
                "CONTROL_DB_PASSWORD"));
    }

    @Test
    void refusesAPasswordInTheUrlWithoutShowingIt() {
        assertThat(problems("server: { store: \"postgres://slipway:hunter2@db/slipway\" }")).containsExactly(
                "server.store: \"(hidden)\" holds a password: put it in an environment variable named by passwordEnv"
                        + " (or SLIPWAY_STORE_PASSWORD)");
    }

    @Test
    void namesEachMisfitKeyAndValue() {
        assertThat(problems("""
                server:
                  store: { type: postgres, path: state.db, passwordEnv: 1PW }
                """)).containsExactly(
                "server.store.path: \"state.db\" is for an sqlite store; a postgres store needs url",
                "server.store.passwordEnv: \"1PW\" is not an environment variable name",
                "server.store.url: is required for a postgres store, e.g. postgres://slipway@127.0.0.1:5432/slipway");
        assertThat(problems("server: { store: { type: sqlite, url: \"postgres://a@b/c\" } }")).containsExactly(
                "server.store.url: \"postgres://a@b/c\" is for a postgres store (type: postgres)");
        assertThat(problems("server: { store: slipway.db }")).containsExactly(
                "server.store: \"slipway.db\" is not postgres://user@host[:port]/database");
        assertThat(problems("server: { store: { url: \"mysql://a@b/c\" } }")).containsExactly(
                "server.store.url: \"mysql://a@b/c\" is not postgres://user@host[:port]/database");
    }

    private static StoreConfig store(String yaml) {
        return ConfigLoader.parse(yaml, BASE, Map.of()).server().store();
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, BASE, Map.of()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
