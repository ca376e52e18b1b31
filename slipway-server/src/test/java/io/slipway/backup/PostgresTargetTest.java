package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresTargetTest {
    private final PostgresTarget target = new PostgresTarget("db.internal", 5433, "app data", "backup", "hunter2");

    @Test
    void validationNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> new PostgresTarget("db", 70000, "app", "u", "p"))
                .hasMessage("postgres.port: 70000 is not a TCP port (1..65535)");
        assertThatThrownBy(() -> new PostgresTarget(" ", 5432, "app", "u", "p"))
                .hasMessage("postgres.host: \" \" is empty; it is required");
        assertThatThrownBy(() -> new PostgresTarget("db", 5432, null, "u", "p"))
                .hasMessage("postgres.database: \"\" is empty; it is required");
        assertThatThrownBy(() -> new PostgresTarget("db", 5432, "app", "u\n", "p"))
                .hasMessage("postgres.user: \"u?\" contains a control character");
    }

    @Test
    void thePasswordIsNeitherInToStringNorInTheUrlNorOnTheCommandLine() {
        List<String> command = PostgresCommand.command(java.nio.file.Path.of("/usr/bin/pg_dump"), target, "-Fc");

        assertThat(target.toString()).doesNotContain("hunter2").contains("password=***");
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/app+data");
        assertThat(String.join(" ", command)).doesNotContain("hunter2")
                .contains("--dbname=host='db.internal' port=5433 dbname='app data' user='backup'");
    }

    @Test
    void conninfoQuotesWhatLibpqWouldOtherwiseParse() {
        PostgresTarget odd = new PostgresTarget("::1", 5432, "it's=x", "a\\b", "");

        assertThat(PostgresCommand.conninfo(odd)).startsWith("host='::1' port=5432 dbname='it\\'s=x' user='a\\\\b'");
        assertThat(odd.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/it%27s%3Dx");
    }
}
