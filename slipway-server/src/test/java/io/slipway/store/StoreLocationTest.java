package io.slipway.store;

import io.slipway.config.HostPort;
import io.slipway.config.ServerConfig;
import io.slipway.config.StoreConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** server.store resolved against the data dir and the server's environment. */
class StoreLocationTest {
    private static final Path DATA = Path.of("/var/lib/slipway");

    @Test
    void anSqliteStoreIsAFileInTheDataDirUnlessItsPathIsAbsolute() {
        assertThat(StoreLocation.of(server(StoreConfig.DEFAULTS), Map.of()).describe()).isEqualTo("/var/lib/slipway/slipway.db");
        assertThat(StoreLocation.of(server(new StoreConfig("sqlite", "/srv/state.db")), Map.of()).describe())
                .isEqualTo("/srv/state.db");
    }

    @Test
    void aPostgresStoreTakesItsPasswordFromTheNamedVariableAndNeverShowsIt() {
        StoreLocation location = StoreLocation.of(server(postgres("CONTROL_PW")), Map.of("CONTROL_PW", "s3cret",
                StoreConfig.DEFAULT_PASSWORD_ENV, "other"));
        assertThat(location.postgres().password()).isEqualTo("s3cret");
        assertThat(location.describe()).isEqualTo("postgres://ops@db:5432/control").doesNotContain("s3cret");
    }

    @Test
    void withoutANamedVariableThePasswordIsTheDefaultVariableOrNone() {
        assertThat(StoreLocation.of(server(postgres(null)), Map.of(StoreConfig.DEFAULT_PASSWORD_ENV, "pw"))
                .postgres().password()).isEqualTo("pw");
        assertThat(StoreLocation.of(server(postgres(null)), Map.of()).postgres().password()).isEmpty();
    }

    @Test
    void aNamedVariableThatIsNotSetIsRefusedByName() {
        assertThatThrownBy(() -> StoreLocation.of(server(postgres("CONTROL_PW")), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server.store.passwordEnv: CONTROL_PW is not set in the Slipway server's environment");
    }

    private static StoreConfig postgres(String passwordEnv) {
        return new StoreConfig("postgres", null, "db", 5432, "control", "ops", passwordEnv);
    }

    private static ServerConfig server(StoreConfig store) {
        return new ServerConfig(new HostPort("127.0.0.1", 7070), DATA, store);
    }
}
