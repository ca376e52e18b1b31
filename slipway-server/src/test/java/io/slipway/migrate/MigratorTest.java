package io.slipway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** up, down, status, dry-run, backups and baselines, on SQLite and on PostgreSQL. */
class MigratorTest {
    static final MigrationOptions OPTIONS = MigrationOptions.defaults().withInstalledBy("tester");
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();

    @TempDir
    Path tmp;

    private TestDatabase database(Backend backend) throws SQLException {
        return TestDatabase.create(backend, tmp, pg);
    }

    private Path scripts;

    @BeforeEach
    void writeScripts() {
        scripts = Scripts.standard(tmp.resolve("migrations"));
    }

    private Migrator migrator(MigrationDatabase database) {
        return new Migrator(scripts, database, OPTIONS, Clock.systemUTC());
    }

    static List<String> history(TestDatabase db) throws SQLException {
        return db.rows("SELECT version, type, script, CASE WHEN success THEN 'ok' ELSE 'failed' END, installed_by,"
                + " backup FROM slipway_migration_history ORDER BY installed_rank");
    }

    private static Optional<Version> to(String version) {
        return Optional.of(Version.parse(version));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void upRunsPendingScriptsInVersionOrderThenRepeatablesAndRecordsEach(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        Instant before = Instant.now().minusSeconds(5);

        Outcome outcome = migrator(db.database()).up(Optional.empty());

        assertThat(outcome.migrations()).extracting(Migration::script).containsExactly("V1__create_users.sql",
                "V1.1__add_email.sql", "V2__create_orders.sql", "R__user_names.sql");
        assertThat(history(db)).containsExactly("1|SQL|V1__create_users.sql|ok|tester|null",
                "1.1|SQL|V1.1__add_email.sql|ok|tester|null", "2|SQL|V2__create_orders.sql|ok|tester|null",
                "null|REPEATABLE|R__user_names.sql|ok|tester|null");
        assertThat(db.rows("SELECT name FROM user_names")).containsExactly("ann; o'brien");
        Status status = migrator(db.database()).status();
        assertThat(status.current()).isEqualTo(Version.parse("2"));
        assertThat(status.entries()).allSatisfy(e -> {
            assertThat(e.state()).isEqualTo(Status.State.APPLIED);
            assertThat(e.checksum()).isEqualTo(e.fileChecksum());
            assertThat(e.installedOn()).isBetween(before, Instant.now().plusSeconds(5));
            assertThat(e.executionMillis()).isBetween(0L, 10_000L);
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void upWithNothingPendingRunsNothing(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        migrator(db.database()).up(Optional.empty());

        Outcome again = migrator(db.database()).up(Optional.empty());

        assertThat(again.migrations()).isEmpty();
        assertThat(again.plan().isEmpty()).isTrue();
        assertThat(history(db)).hasSize(4);
        assertThat(db.rows("SELECT count(*) FROM slipway_migration_lock")).as("lock released").containsExactly("0");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void upToAVersionStopsThereAndLeavesRepeatablesForTheEnd(Backend backend) throws SQLException {
        TestDatabase db = database(backend);

        Outcome outcome = migrator(db.database()).up(to("1.1"));

        assertThat(outcome.migrations()).extracting(Migration::script)
                .containsExactly("V1__create_users.sql", "V1.1__add_email.sql");
        Status status = migrator(db.database()).status();
        assertThat(status.current()).isEqualTo(Version.parse("1.1"));
        assertThat(status.pending()).extracting(Status.Entry::script)
                .containsExactly("V2__create_orders.sql", "R__user_names.sql");
        assertThat(status.entries()).filteredOn(e -> e.version() != null && e.version().equals(Version.parse("1")))
                .singleElement().satisfies(e -> assertThat(e.undoable()).isTrue());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void downRunsUndoScriptsNewestFirstDownToButNotIncludingTheTarget(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        migrator(db.database()).up(Optional.empty());

        Outcome down = migrator(db.database()).down(to("1"));

        assertThat(down.migrations()).extracting(Migration::script)
                .containsExactly("U2__create_orders.sql", "U1.1__add_email.sql");
        assertThat(db.hasTable("orders")).isFalse();
        assertThat(db.hasTable("users")).isTrue();
        assertThat(history(db)).endsWith("2|UNDO_SQL|U2__create_orders.sql|ok|tester|null",
                "1.1|UNDO_SQL|U1.1__add_email.sql|ok|tester|null");
        assertThat(migrator(db.database()).status().current()).isEqualTo(Version.parse("1"));
        assertThat(migrator(db.database()).up(Optional.empty()).migrations()).as("undone versions run again")
                .extracting(Migration::script).containsExactly("V1.1__add_email.sql", "V2__create_orders.sql");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void downWithoutATargetUndoesTheHighestVersionOnlyAndDownToZeroUndoesAll(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        migrator(db.database()).up(to("2"));

        assertThat(migrator(db.database()).down(Optional.empty()).migrations()).extracting(Migration::script)
                .containsExactly("U2__create_orders.sql");
        assertThat(migrator(db.database()).down(to("0")).migrations()).extracting(Migration::script)
                .containsExactly("U1.1__add_email.sql", "U1__create_users.sql");
        assertThat(db.hasTable("users")).isFalse();
        assertThat(migrator(db.database()).down(Optional.empty()).migrations()).as("nothing left to undo").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dryRunOfUpIsExactlyWhatUpThenExecutes(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        StatementRecorder recorder = new StatementRecorder();
        Migrator migrator = migrator(db.recordedBy(recorder)).withBackupHook(plan -> Optional.of("backup-7"));

        Plan plan = migrator.planUp(Optional.empty());
        List<String> executedByDryRun = recorder.executed();
        Outcome outcome = migrator.up(Optional.empty());

        assertThat(executedByDryRun).as("a dry-run changes nothing").isEmpty();
        assertThat(recorder.executed()).isEqualTo(plan.statements()).isEqualTo(outcome.plan().statements());
        assertThat(plan.statements()).contains(HistoryTable.CREATE, LockTable.CREATE)
                .anySatisfy(s -> assertThat(s).startsWith("INSERT INTO slipway_migration_lock"))
                .anySatisfy(s -> assertThat(s).startsWith("UPDATE slipway_migration_lock SET backup = ?"))
                .anySatisfy(s -> assertThat(s).startsWith("INSERT INTO slipway_migration_history").contains("'V2__create_orders.sql'"))
                .contains("CREATE INDEX orders_user ON orders (user_id)")
                .last().asString().startsWith("DELETE FROM slipway_migration_lock");
        assertThat(history(db)).allSatisfy(row -> assertThat(row).endsWith("|backup-7"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dryRunOfDownIsExactlyWhatDownThenExecutes(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        StatementRecorder recorder = new StatementRecorder();
        Migrator migrator = migrator(db.recordedBy(recorder)).withBackupHook(plan -> Optional.empty());
        migrator.up(Optional.empty());

        Plan plan = migrator.planDown(to("1"));
        recorder.clear();
        migrator.down(to("1"));

        assertThat(recorder.executed()).isEqualTo(plan.statements());
        assertThat(plan.statements()).contains("DROP TABLE orders", "ALTER TABLE users DROP COLUMN email")
                .noneMatch(s -> s.startsWith("CREATE TABLE"));
        assertThat(plan.script()).contains("-- U2__create_orders.sql\n").contains("DROP TABLE orders;\n")
                .startsWith("-- slipway migrate down: undo 2 create orders (U2__create_orders.sql);"
                        + " undo 1.1 add email (U1.1__add_email.sql)\n");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dryRunsOfBaselineAndRepairAreExactlyWhatTheyThenExecute(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        StatementRecorder recorder = new StatementRecorder();
        Migrator migrator = migrator(db.recordedBy(recorder));

        Plan baseline = migrator.planBaseline(Version.parse("1"), "");
        migrator.baseline(Version.parse("1"), "");
        List<String> baselineRan = recorder.executed();
        db.execute("UPDATE " + HistoryTable.NAME + " SET success = FALSE");
        Plan repair = migrator.planRepair();
        recorder.clear();
        migrator.repair();

        assertThat(baselineRan).isEqualTo(baseline.statements()).contains(HistoryTable.CREATE);
        assertThat(baseline.changes()).containsExactly("baseline at version 1 (baseline): scripts up to it count as applied");
        assertThat(recorder.executed()).isEqualTo(repair.statements()).contains(HistoryTable.delete(1));
        assertThat(history(db)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDryRunOnANewDatabaseCreatesNothing(Backend backend) throws SQLException {
        TestDatabase db = database(backend);

        Plan plan = migrator(db.database()).planUp(Optional.empty());

        assertThat(plan.migrations()).hasSize(4);
        if (backend == Backend.SQLITE) {
            assertThat(tmp.resolve("app.db")).doesNotExist();
        } else {
            assertThat(db.hasTable(HistoryTable.NAME)).isFalse();
            assertThat(db.hasTable(LockTable.NAME)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theBackupHookRunsOnceUnderTheLockBeforeAnyChangeAndOnlyWhenThereIsSomethingToRun(Backend backend)
            throws SQLException {
        TestDatabase db = database(backend);
        List<String> seen = new ArrayList<>();
        Migrator migrator = migrator(db.database()).withBackupHook(plan -> {
            seen.add(plan.operation() + " " + plan.migrations().size() + " lock=" + rows(db, "SELECT owner FROM "
                    + LockTable.NAME) + " users=" + hasTable(db, "users"));
            return Optional.of("bk-" + seen.size());
        });

        migrator.up(to("1"));
        migrator.up(to("1"));
        migrator.down(Optional.empty());

        assertThat(seen).containsExactly("UP 1 lock=[" + migrator.owner() + "] users=false",
                "DOWN 1 lock=[" + migrator.owner() + "] users=true");
        assertThat(history(db)).containsExactly("1|SQL|V1__create_users.sql|ok|tester|bk-1",
                "1|UNDO_SQL|U1__create_users.sql|ok|tester|bk-2");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingBackupStopsTheRunBeforeAnyChange(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        Migrator migrator = migrator(db.database()).withBackupHook(plan -> {
            throw new IllegalStateException("disk full");
        });

        assertThatThrownBy(() -> migrator.up(Optional.empty()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("backup of " + db.database().describe() + " before up failed")
                .hasMessageContaining("disk full");
        assertThat(db.hasTable("users")).isFalse();
        assertThat(history(db)).isEmpty();
        assertThat(db.rows("SELECT count(*) FROM slipway_migration_lock")).as("lock released").containsExactly("0");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRepeatableScriptRunsAgainOnlyWhenItChanges(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        migrator(db.database()).up(Optional.empty());
        Scripts.write(scripts, "R__user_names.sql", "DROP VIEW IF EXISTS user_names;\n"
                + "CREATE VIEW user_names AS SELECT name, email FROM users;\n");
        Migrator changed = migrator(db.database());

        assertThat(changed.status().pending()).extracting(Status.Entry::state).containsExactly(Status.State.OUTDATED);
        assertThat(changed.up(Optional.empty()).migrations()).extracting(Migration::script)
                .containsExactly("R__user_names.sql");
        assertThat(changed.up(Optional.empty()).migrations()).isEmpty();
        assertThat(db.rows("SELECT name, email FROM user_names")).containsExactly("ann; o'brien|null");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void baselineDeclaresAnExistingSchemaAtAVersionAndScriptsUpToItNeverRun(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT)");
        Migrator migrator = migrator(db.database());

        Outcome baseline = migrator.baseline(Version.parse("1.1"), "existing schema");

        assertThat(baseline.plan().changes()).containsExactly("baseline at version 1.1 (existing schema):"
                + " scripts up to it count as applied");
        assertThat(migrator.status().entries()).extracting(e -> e.script() + " " + e.state()).containsExactly(
                "V1__create_users.sql BELOW_BASELINE", "V1.1__add_email.sql BELOW_BASELINE", "<< baseline >> BASELINE",
                "V2__create_orders.sql PENDING", "R__user_names.sql PENDING");
        assertThat(migrator.up(Optional.empty()).migrations()).extracting(Migration::script)
                .containsExactly("V2__create_orders.sql", "R__user_names.sql");
        assertThatThrownBy(() -> migrator.baseline(Version.parse("3"), "again"))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("it has a migration history already (3 rows)");
        assertThatThrownBy(() -> migrator.down(to("1")))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("target version 1 is below the baseline version 1.1");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void contractScriptsAreMarkedOnThePlanAndInTheStatus(Backend backend) throws SQLException {
        TestDatabase db = database(backend);
        Migrator migrator = migrator(db.database());
        Scripts.write(scripts, "V3__drop_email.sql", "-- slipway:contract\n"
                + "ALTER TABLE users DROP COLUMN email;\n");

        Plan plan = migrator.planUp(Optional.empty());

        assertThat(plan.migrations()).filteredOn(Migration::contract).extracting(Migration::script)
                .containsExactly("V3__drop_email.sql");
        assertThat(migrator.status().entries()).filteredOn(Status.Entry::contract).extracting(Status.Entry::script)
                .containsExactly("V3__drop_email.sql");
    }

    private static List<String> rows(TestDatabase db, String sql) {
        try {
            return db.rows(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasTable(TestDatabase db, String table) {
        try {
            return db.hasTable(table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
