package io.slipway.migrate;

import static io.slipway.migrate.MigratorTest.OPTIONS;
import static io.slipway.migrate.MigratorTest.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Failed scripts, drift, missing files and refusals, on SQLite and on PostgreSQL. */
class MigrationFailureTest {
    private static final String BROKEN = """
            CREATE TABLE audit (id INTEGER PRIMARY KEY);
            INSERT INTO no_such_table VALUES (1);
            """;
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();

    @TempDir
    Path tmp;

    private Path scripts;

    @BeforeEach
    void writeScripts() {
        scripts = Scripts.standard(tmp.resolve("migrations"));
    }

    private Migrator migrator(TestDatabase db) {
        return new Migrator(scripts, db.database(), OPTIONS, Clock.systemUTC());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingScriptLeavesTheDatabaseUnchangedAndTheHistoryMarked(Backend backend) throws SQLException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        Scripts.write(scripts, "V3__broken.sql", BROKEN);

        assertThatThrownBy(() -> migrator(db).up(Optional.empty()))
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    assertThat(e.migration().script()).isEqualTo("V3__broken.sql");
                    assertThat(e.statement()).isEqualTo(2);
                })
                .hasMessageContaining("V3__broken.sql failed at statement 2 (\"INSERT INTO no_such_table VALUES (1)\")")
                .hasMessageContaining("It was rolled back");
        assertThat(db.hasTable("audit")).as("created by the failing script's first statement").isFalse();
        assertThat(db.hasTable("orders")).as("scripts before it stay applied").isTrue();
        assertThat(history(db)).contains("3|SQL|V3__broken.sql|failed|tester|null")
                .doesNotContain("null|REPEATABLE|R__user_names.sql|ok|tester|null");
        assertThat(db.rows("SELECT count(*) FROM slipway_migration_lock")).as("lock released").containsExactly("0");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void upRefusesAfterAFailureUntilRepairRemovesTheFailedRow(Backend backend) throws SQLException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        Scripts.write(scripts, "V3__broken.sql", BROKEN);
        assertThatThrownBy(() -> migrator(db).up(Optional.empty())).isInstanceOf(MigrationFailedException.class);

        assertThatThrownBy(() -> migrator(db).up(Optional.empty()))
                .isInstanceOfSatisfying(MigrationRefusedException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(Status.State.FAILED)))
                .hasMessageContaining("V3__broken.sql (version 3) failed on")
                .hasMessageContaining("run repair");
        Scripts.write(scripts, "V3__broken.sql", "CREATE TABLE audit (id INTEGER PRIMARY KEY);\n");
        Outcome repair = migrator(db).repair();

        assertThat(repair.plan().changes()).singleElement().asString()
                .startsWith("remove the failed entry of V3__broken.sql");
        assertThat(migrator(db).up(Optional.empty()).migrations()).extracting(Migration::script)
                .containsExactly("V3__broken.sql", "R__user_names.sql");
        assertThat(db.hasTable("audit")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingScriptWithoutTransactionKeepsItsEarlierStatementsAndItsRowSaysFailed(Backend backend)
            throws SQLException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        Scripts.write(scripts, "V3__broken.sql", "-- slipway:no-transaction\n" + BROKEN);

        assertThatThrownBy(() -> migrator(db).up(Optional.empty()))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("It ran without a transaction: the statements before this one stay applied");
        assertThat(db.hasTable("audit")).isTrue();
        assertThat(history(db)).contains("3|SQL|V3__broken.sql|failed|tester|null");
        assertThat(migrator(db).status().entries()).filteredOn(e -> e.script().equals("V3__broken.sql"))
                .singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(Status.State.FAILED));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingUndoScriptIsRolledBackAndTheVersionStaysApplied(Backend backend) throws SQLException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db).up(Optional.empty());
        Scripts.write(scripts, "U2__create_orders.sql", "DROP TABLE orders;\nDROP TABLE no_such_table;\n");

        assertThatThrownBy(() -> migrator(db).down(Optional.empty()))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("U2__create_orders.sql failed at statement 2")
                .hasMessageContaining("then down again");
        assertThat(db.hasTable("orders")).isTrue();
        assertThat(history(db)).endsWith("2|UNDO_SQL|U2__create_orders.sql|failed|tester|null");
        assertThat(migrator(db).status().current()).isEqualTo(Version.parse("2"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anEditedAppliedScriptIsDriftNamingTheFileAndBothChecksumsUntilRepairAcceptsIt(Backend backend)
            throws SQLException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db).up(Optional.empty());
        int recorded = MigrationFiles.read(scripts, Dialect.SQLITE).forward(Version.parse("1.1")).orElseThrow().checksum();
        Scripts.write(scripts, "V1.1__add_email.sql", "ALTER TABLE users ADD COLUMN email VARCHAR(200);\n");
        Scripts.write(scripts, "V3__more.sql", "CREATE TABLE more (id INTEGER);\n");
        int onDisk = MigrationFiles.read(scripts, Dialect.SQLITE).forward(Version.parse("1.1")).orElseThrow().checksum();

        Validation validation = migrator(db).validate();

        assertThat(validation.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Status.State.DRIFTED);
            assertThat(p.message()).contains("V1.1__add_email.sql (version 1.1) was changed after it was applied")
                    .contains("checksum on disk " + onDisk + ", recorded " + recorded);
        });
        assertThatThrownBy(() -> migrator(db).up(Optional.empty())).isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("checksum on disk " + onDisk + ", recorded " + recorded);
        assertThat(migrator(db).repair().plan().changes()).containsExactly("realign the checksum of"
                + " V1.1__add_email.sql to its file: " + recorded + " -> " + onDisk);
        assertThat(migrator(db).validate().ok()).isTrue();
        assertThat(migrator(db).up(Optional.empty()).migrations()).extracting(Migration::script)
                .containsExactly("V3__more.sql");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void convertingAScriptToCrlfIsNotDrift(Backend backend) throws SQLException, IOException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db).up(Optional.empty());
        Path v1 = scripts.resolve("V1__create_users.sql");
        Files.writeString(v1, Files.readString(v1).replace("\n", "\r\n"));

        assertThat(migrator(db).validate().problems()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anAppliedScriptWhoseFileIsGoneIsReportedAndStopsUp(Backend backend) throws SQLException, IOException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db).up(Optional.empty());
        Files.delete(scripts.resolve("V2__create_orders.sql"));
        Files.delete(scripts.resolve("U2__create_orders.sql"));
        Migrator migrator = migrator(db);

        assertThat(migrator.validate().problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Status.State.MISSING_FILE);
            assertThat(p.message()).isEqualTo("V2__create_orders.sql (version 2) is applied but its file is missing"
                    + " from " + scripts + "; put it back");
        });
        assertThatThrownBy(() -> migrator.up(Optional.empty())).isInstanceOf(MigrationRefusedException.class);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPendingScriptBelowAnAppliedVersionIsRefused(Backend backend) throws SQLException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db).up(Optional.empty());
        Scripts.write(scripts, "V1.5__late.sql", "CREATE TABLE late (id INTEGER);\n");

        assertThat(migrator(db).status().entries()).filteredOn(e -> e.script().equals("V1.5__late.sql"))
                .singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(Status.State.OUT_OF_ORDER));
        assertThatThrownBy(() -> migrator(db).up(Optional.empty()))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("V1.5__late.sql (version 1.5) is pending but version 2 is already applied");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void downRefusesWhenAnUndoScriptIsMissingNamingTheExpectedFileAndRunsNothing(Backend backend)
            throws SQLException, IOException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db).up(Optional.empty());
        Files.delete(scripts.resolve("U1.1__add_email.sql"));
        Migrator migrator = migrator(db);

        assertThatThrownBy(() -> migrator.down(Optional.of(Version.parse("1"))))
                .isInstanceOfSatisfying(MigrationFileException.class, e -> assertThat(e.problems()).containsExactly(
                        "version 1.1 has no undo script: expected U1.1__add_email.sql in " + scripts))
                .hasMessageStartingWith("cannot undo down to 1; nothing was run");
        assertThat(db.hasTable("orders")).as("version 2, which has its undo script, was not undone either").isTrue();
        assertThat(history(db)).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void upToAnUnknownVersionOrBelowTheCurrentOneIsRefused(Backend backend) throws SQLException {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db).up(Optional.of(Version.parse("1.1")));

        assertThatThrownBy(() -> migrator(db).up(Optional.of(Version.parse("20"))))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("no script has version 20 (expected V20__<description>.sql in");
        assertThatThrownBy(() -> migrator(db).up(Optional.of(Version.parse("1"))))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("target version 1 is below the current version 1.1; use down");
        assertThat(migrator(db).up(Optional.of(Version.parse("1.1"))).migrations()).isEmpty();
    }
}
