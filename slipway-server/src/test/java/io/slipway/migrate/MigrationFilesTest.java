package io.slipway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MigrationFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsForwardUndoAndRepeatableScriptsInVersionOrder() {
        Scripts.standard(dir);
        Scripts.write(dir, "V10__later.sql", "SELECT 10;");
        Scripts.write(dir, "V1_2__underscored_version.sql", "-- slipway:contract\nSELECT 12;");

        MigrationFiles files = MigrationFiles.read(dir, Dialect.SQLITE);

        assertThat(files.versioned()).extracting(m -> m.version().toString())
                .containsExactly("1", "1.1", "1.2", "2", "10");
        assertThat(files.versioned()).extracting(Migration::description)
                .containsExactly("create users", "add email", "underscored version", "create orders", "later");
        assertThat(files.forward(Version.parse("1.2")).orElseThrow().contract()).isTrue();
        assertThat(files.undo(Version.parse("2")).orElseThrow().script()).isEqualTo("U2__create_orders.sql");
        assertThat(files.repeatables()).extracting(Migration::description).containsExactly("user names");
        assertThat(files.forward(Version.parse("1")).orElseThrow().statements()).containsExactly(
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO users (id, name) VALUES (1, 'ann; o''brien')");
    }

    @Test
    void ignoresOtherSuffixesAndSubdirectoriesButSaysSoAndSkipsHiddenFiles() throws IOException {
        Scripts.write(dir, "V1__a.sql", "SELECT 1;");
        Scripts.write(dir, "README.md", "notes");
        Scripts.write(dir, "V2__b.sql.bak", "SELECT 2;");
        Scripts.write(dir, ".V3__editor_swap.sql", "SELECT 3;");
        Files.createDirectories(dir.resolve("archive.sql"));

        MigrationFiles files = MigrationFiles.read(dir, Dialect.SQLITE);

        assertThat(files.versioned()).extracting(Migration::script).containsExactly("V1__a.sql");
        assertThat(files.ignored()).containsExactly("README.md", "V2__b.sql.bak", "archive.sql");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "V__x.sql|no version after V",
            "V1_x.sql|no \"__\" between the version and the description",
            "Vabc__x.sql|version \"abc\" is not numbers",
            "X1__y.sql|starts with V (forward), U (undo) or R (repeatable)",
            "v1__lower.sql|starts with V",
            "R1__x.sql|a repeatable script has no version",
            "V1__.sql|no description",
            "U1.x__y.sql|version \"1.x\" is not numbers",
            "V__x.SQL|no version after V"})
    void aMalformedNameIsAnErrorNamingTheFile(String name, String why) {
        Scripts.write(dir, name, "SELECT 1;");

        assertThatThrownBy(() -> MigrationFiles.read(dir, Dialect.SQLITE))
                .isInstanceOf(MigrationFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining(name + ": ")
                .hasMessageContaining(why);
    }

    @Test
    void everyProblemInTheDirectoryIsReportedAtOnce() {
        Scripts.write(dir, "V1__a.sql", "SELECT 1;");
        Scripts.write(dir, "V1.0__b.sql", "SELECT 1;");
        Scripts.write(dir, "U2__c.sql", "SELECT 2;");
        Scripts.write(dir, "V3_bad.sql", "SELECT 3;");
        Scripts.write(dir, "U1__a.sql", "SELECT 1;");
        Scripts.write(dir, "U1_0__again.sql", "SELECT 1;");
        Scripts.write(dir, "R__a_b.sql", "SELECT 1;");
        Scripts.write(dir, "R__a b.sql", "SELECT 1;");

        assertThatThrownBy(() -> MigrationFiles.read(dir, Dialect.SQLITE))
                .isInstanceOfSatisfying(MigrationFileException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "V1.0__b.sql and V1__a.sql both have version 1",
                        "U1_0__again.sql and U1__a.sql both have version 1",
                        "R__a b.sql and R__a_b.sql both have description \"a b\"",
                        "U2__c.sql undoes version 2, but there is no forward script V2__*.sql for it",
                        "V3_bad.sql: no \"__\" between the version and the description (e.g. V1__create_users.sql,"
                                + " U1__create_users.sql, R__views.sql)"));
    }

    @Test
    void aScriptThatIsNotUtf8IsAnErrorNamingIt() throws IOException {
        Files.write(dir.resolve("V1__latin1.sql"), new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xE9, '\''});

        assertThatThrownBy(() -> MigrationFiles.read(dir, Dialect.SQLITE))
                .isInstanceOf(MigrationFileException.class)
                .hasMessageContaining("V1__latin1.sql: cannot be read as UTF-8 text");
    }

    @Test
    void aByteOrderMarkIsNeitherInTheStatementsNorInTheChecksum() {
        Scripts.write(dir, "V1__bom.sql", "\uFEFF-- slipway:contract\nSELECT 1;\n");
        Scripts.write(dir, "V2__plain.sql", "-- slipway:contract\r\nSELECT 1;\r\n");

        MigrationFiles files = MigrationFiles.read(dir, Dialect.SQLITE);

        Migration bom = files.forward(Version.parse("1")).orElseThrow();
        assertThat(bom.statements()).containsExactly("SELECT 1");
        assertThat(bom.contract()).isTrue();
        assertThat(bom.checksum()).isEqualTo(files.forward(Version.parse("2")).orElseThrow().checksum());
    }

    @Test
    void aMissingDirectoryIsAnErrorNamingIt() {
        assertThatThrownBy(() -> MigrationFiles.read(dir.resolve("nope"), Dialect.SQLITE))
                .isInstanceOf(MigrationFileException.class)
                .hasMessageContaining(dir.resolve("nope").toString());
    }
}
