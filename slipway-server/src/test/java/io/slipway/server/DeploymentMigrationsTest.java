package io.slipway.server;

import io.slipway.api.MigrationApps;
import io.slipway.backup.AppInstances;
import io.slipway.backup.Backups;
import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.MigrationsConfig;
import io.slipway.config.TestConfigs;
import io.slipway.deploy.Schema.Restored;
import io.slipway.deploy.SchemaChange;
import io.slipway.migrate.MigrationListener;
import io.slipway.migrate.MigrationRefusedException;
import io.slipway.store.BackupRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deployments' migrations on a real SQLite database, each version with its own scripts in
 * {@code releases/<version>/db}: the candidate's scripts applied after a backup, contract scripts deferred
 * while another version runs (and refused to {@code slipway migrate up}), failures, undo.
 */
class DeploymentMigrationsTest {
    private static final String CREATE = "CREATE TABLE visits (id INTEGER PRIMARY KEY, version TEXT, note TEXT);";
    private static final String EXPAND = "ALTER TABLE visits ADD COLUMN source TEXT;";
    private static final String CONTRACT = "-- slipway:contract\nALTER TABLE visits DROP COLUMN note;";
    @TempDir
    Path dir;
    Store store;
    final Set<String> running = ConcurrentHashMap.newKeySet();
    volatile String stable;
    AppConfig shop;
    Migrations migrations;
    DeploymentMigrations schema;
    int deployments = 1;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("slipway.db"), Clock.systemUTC());
        shop = TestConfigs.app("shop", List.of("./shop"), Map.of()).withData(
                new DatabaseConfig("sqlite", dir.resolve("shop.db"), null, 0, null, null, null).withMigrations(
                        new MigrationsConfig(dir.resolve("releases/{version}/db").toString(), Duration.ZERO,
                                MigrationsConfig.OnRollback.UNDO)),
                new BackupConfig(dir.resolve("backups"), null, 7, 24, 7, 4, true, null, null, false, null, null));
        Backups backups = new Backups(new BackupRepository(store), name -> Optional.of(shop), Map.of(),
                Clock.systemUTC(), new NoInstances());
        migrations = new Migrations(name -> Optional.of(shop).filter(a -> a.name().equals(name)), Map.of(), backups,
                new Migrations.AppVersions() {
                    @Override
                    public List<String> running(String app) {
                        return List.copyOf(running);
                    }

                    @Override
                    public Optional<String> stable(String app) {
                        return Optional.ofNullable(stable);
                    }
                }, dir, Clock.systemUTC());
        schema = new DeploymentMigrations(migrations, backups);
    }

    @AfterEach
    void close() {
        schema.close();
        store.close();
    }

    @Test
    void appliesTheCandidatesOwnScriptsAfterABackupThatTheHistoryNames() throws Exception {
        release("v1", Map.of("V1__create_visits.sql", CREATE));
        SchemaChange change = join(schema.migrate(shop, "v1", null, "alice (deployment #1)"));

        assertThat(change).isEqualTo(new SchemaChange(null, "1", List.of("V1__create_visits.sql"), List.of(), List.of(),
                change.backup()));
        assertThat(change.backup()).startsWith("shop-");
        assertThat(query("SELECT installed_by, backup, success FROM slipway_migration_history"))
                .containsExactly(List.of("alice (deployment #1)", change.backup(), "1"));
    }

    @Test
    void defersTheFirstContractScriptAndWhatFollowsWhileThePreviousVersionRunsThenAppliesThem() throws Exception {
        release("v1", Map.of("V1__create_visits.sql", CREATE));
        join(schema.migrate(shop, "v1", null, nextDeployment()));
        release("v2", Map.of("V1__create_visits.sql", CREATE, "V2__add_source.sql", EXPAND,
                "V3__drop_note.sql", CONTRACT, "V4__index_source.sql", "CREATE INDEX visits_source ON visits (source);"));
        running.add("v1");

        SchemaChange expand = join(schema.migrate(shop, "v2", "v1", nextDeployment()));
        assertThat(expand).isEqualTo(new SchemaChange("1", "2", List.of("V2__add_source.sql"),
                List.of("V3__drop_note.sql", "V4__index_source.sql"), List.of("v1"), expand.backup()));
        assertThat(columns()).containsExactly("id", "version", "note", "source");

        running.remove("v1");
        SchemaChange contract = join(schema.migrate(shop, "v2", null, nextDeployment()));
        assertThat(contract.applied()).containsExactly("V3__drop_note.sql", "V4__index_source.sql");
        assertThat(contract.deferred()).isEmpty();
        assertThat(columns()).containsExactly("id", "version", "source");
    }

    @Test
    void aFailingScriptFailsWithTheEnginesMessageAndLeavesTheSchemaAsItWas() throws Exception {
        release("v1", Map.of("V1__create_visits.sql", CREATE));
        join(schema.migrate(shop, "v1", null, nextDeployment()));
        release("v2", Map.of("V1__create_visits.sql", CREATE,
                "V2__add_source.sql", "ALTER TABLE visits ADD COLUMN source TEXT;\nALTER TABLE nowhere ADD COLUMN x TEXT;"));

        CompletableFuture<SchemaChange> failed = schema.migrate(shop, "v2", "v1", nextDeployment());
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).cause()
                .hasMessageContaining("V2__add_source.sql failed at statement 2")
                .hasMessageContaining("no such table: nowhere")
                .hasMessageContaining("It was rolled back");
        assertThat(columns()).containsExactly("id", "version", "note");
        assertThat(query("SELECT version, success FROM slipway_migration_history ORDER BY installed_rank"))
                .containsExactly(List.of("1", "1"), List.of("2", "0"));
    }

    @Test
    void undoRunsTheUndoScriptsOfTheVersionRolledBackFromAndAMissingOneIsNamed() throws Exception {
        release("v1", Map.of("V1__create_visits.sql", CREATE));
        join(schema.migrate(shop, "v1", null, nextDeployment()));
        release("v2", Map.of("V1__create_visits.sql", CREATE, "V2__add_source.sql", EXPAND,
                "U2__add_source.sql", "ALTER TABLE visits DROP COLUMN source;"));
        join(schema.migrate(shop, "v2", "v1", nextDeployment()));

        SchemaChange undone = join(schema.undo(shop, "v2", "1", "bob"));
        assertThat(undone).isEqualTo(new SchemaChange("2", "1", List.of("U2__add_source.sql"), List.of(), List.of(),
                undone.backup()));
        assertThat(columns()).containsExactly("id", "version", "note");

        release("v3", Map.of("V1__create_visits.sql", CREATE, "V2__add_source.sql", EXPAND,
                "U2__add_source.sql", "ALTER TABLE visits DROP COLUMN source;", "V3__add_tag.sql",
                "ALTER TABLE visits ADD COLUMN tag TEXT;"));
        join(schema.migrate(shop, "v3", "v1", nextDeployment()));
        assertThatThrownBy(() -> schema.undo(shop, "v3", "1", "bob").get()).cause().hasMessageContaining("U3__add_tag.sql");
        assertThat(columns()).containsExactly("id", "version", "note", "source", "tag");
    }

    /** onRollback: restore, for real: the database as the pre-migration backup has it, what came after kept aside. */
    @Test
    void restoreBringsBackTheDatabaseAsItWasBeforeTheMigrationAndKeepsASafetyBackup() throws Exception {
        release("v1", Map.of("V1__create_visits.sql", CREATE));
        join(schema.migrate(shop, "v1", null, nextDeployment()));
        execute("INSERT INTO visits (version, note) VALUES ('v1', 'before')");
        release("v2", Map.of("V1__create_visits.sql", CREATE, "V2__add_source.sql", EXPAND));
        SchemaChange expand = join(schema.migrate(shop, "v2", "v1", nextDeployment()));
        execute("INSERT INTO visits (version, note, source) VALUES ('v2', 'after', 'web')");

        Restored restored = join(schema.restore(shop, expand.backup(), "bob"));

        assertThat(restored.backup()).isEqualTo(expand.backup());
        assertThat(restored.safety()).startsWith("shop-").isNotEqualTo(expand.backup());
        assertThat(columns()).containsExactly("id", "version", "note");
        assertThat(query("SELECT version, note FROM visits")).containsExactly(List.of("v1", "before"));
        assertThat(query("SELECT version FROM slipway_migration_history WHERE success = 1")).containsExactly(List.of("1"));
    }

    @Test
    void migrateUpUsesTheStableVersionsScriptsAndRefusesAContractWhileAnotherVersionRuns() throws Exception {
        release("v1", Map.of("V1__create_visits.sql", CREATE));
        join(schema.migrate(shop, "v1", null, nextDeployment()));
        release("v2", Map.of("V1__create_visits.sql", CREATE, "V2__add_source.sql", EXPAND, "V3__drop_note.sql", CONTRACT));
        stable = "v2";
        running.addAll(List.of("v1", "v2"));
        Migrations.Request request = new Migrations.Request("carol", false, false, MigrationListener.NONE);

        assertThatThrownBy(() -> migrations.up("shop", Optional.empty(), request))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageStartingWith("refusing to run V3__drop_note.sql: it is a contract migration"
                        + " (-- slipway:contract) and v1 of shop still run(s) beside the stable version")
                .hasMessageEndingWith("Until then, slipway migrate up shop --to 2 applies the scripts before it");
        assertThat(columns()).containsExactly("id", "version", "note");

        running.remove("v1");
        assertThat(migrations.up("shop", Optional.empty(), request).migrations()).extracting(m -> m.script())
                .containsExactly("V2__add_source.sql", "V3__drop_note.sql");
        assertThat(columns()).containsExactly("id", "version", "source");
    }

    @Test
    void migrateCommandsWithPerVersionScriptsNeedAStableVersion() {
        assertThatThrownBy(() -> migrations.status("shop")).isInstanceOf(MigrationConfigException.class)
                .hasMessageContaining("has per-version migrations (database.migrations: " + dir.resolve("releases")
                        + "/{version}/db) and no stable version yet");
    }

    @Test
    void aStepRunAgainAfterARestartReportsWhatItsDeploymentAppliedBeforeTheRestart() throws Exception {
        release("v1", Map.of("V1__create_visits.sql", CREATE));
        join(schema.migrate(shop, "v1", null, nextDeployment()));
        // deployment #7 applied V2, then Slipway stopped before the step recorded it (V3 not yet in its run)
        release("v2", Map.of("V1__create_visits.sql", CREATE, "V2__add_source.sql", EXPAND));
        SchemaChange first = join(schema.migrate(shop, "v2", "v1", "bob (deployment #7)"));
        release("v2", Map.of("V1__create_visits.sql", CREATE, "V2__add_source.sql", EXPAND,
                "V3__index_source.sql", "CREATE INDEX visits_source ON visits (source);"));

        SchemaChange resumed = join(schema.migrate(shop, "v2", "v1", "bob (deployment #7)"));
        assertThat(resumed).isEqualTo(new SchemaChange("1", "3", List.of("V2__add_source.sql", "V3__index_source.sql"),
                List.of(), List.of(), first.backup()));
        SchemaChange again = join(schema.migrate(shop, "v2", "v1", "bob (deployment #7)"));
        assertThat(again).isEqualTo(resumed);
        SchemaChange other = join(schema.migrate(shop, "v2", "v1", "bob (deployment #8)"));
        assertThat(other).isEqualTo(new SchemaChange("3", "3", List.of(), List.of(), List.of(), null));
    }

    private String nextDeployment() {
        return "alice (deployment #" + (++deployments) + ")";
    }

    private void release(String version, Map<String, String> scripts) throws IOException {
        Path db = dir.resolve("releases").resolve(version).resolve("db");
        Files.createDirectories(db);
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            Files.writeString(db.resolve(script.getKey()), script.getValue());
        }
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        return future.get();
    }

    private List<String> columns() throws SQLException {
        return query("SELECT name FROM pragma_table_info('visits') ORDER BY cid").stream().map(r -> r.get(0)).toList();
    }

    private void execute(String sql) throws SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<List<String>> query(String sql) throws SQLException {
        return MigrationApps.query(dir.resolve("shop.db"), sql);
    }

    /** Nothing runs: backups never stop anything here. */
    private static final class NoInstances implements AppInstances {
        @Override
        public List<String> running(String app) {
            return List.of();
        }

        @Override
        public void stop(String app, List<String> versions) {
        }

        @Override
        public void start(String app, List<String> versions) {
        }
    }
}
