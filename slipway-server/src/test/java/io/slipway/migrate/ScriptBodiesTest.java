package io.slipway.migrate;

import static io.slipway.migrate.MigratorTest.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Scripts with each database's own bodies and statements that cannot run in a transaction, run for real. */
class ScriptBodiesTest {
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();

    @TempDir
    Path tmp;

    private Outcome up(TestDatabase db) {
        return new Migrator(tmp.resolve("migrations"), db.database(), OPTIONS, Clock.systemUTC()).up(Optional.empty());
    }

    @Test
    void sqliteTriggersWithCaseBodiesAndVacuumOutsideATransactionRun() throws SQLException {
        TestDatabase db = TestDatabase.create(Backend.SQLITE, tmp, pg);
        Scripts.write(tmp.resolve("migrations"), "V1__backend_log.sql", """
                CREATE TABLE backend (id INTEGER PRIMARY KEY, status TEXT);
                CREATE TABLE backend_log (id INTEGER, note TEXT);
                CREATE TRIGGER backend_logged AFTER INSERT ON backend
                BEGIN
                  INSERT INTO backend_log VALUES (NEW.id, CASE WHEN NEW.status = 'end' THEN 'ended; bye' ELSE 'begun' END);
                  UPDATE backend SET status = 'seen' WHERE id = NEW.id;
                END;
                INSERT INTO backend (id, status) VALUES (1, 'end'), (2, 'new')
                """);
        Scripts.write(tmp.resolve("migrations"), "V2__compact.sql", "-- slipway:no-transaction\nVACUUM;\n");

        assertThat(up(db).migrations()).hasSize(2);
        assertThat(db.rows("SELECT id, note FROM backend_log ORDER BY id")).containsExactly("1|ended; bye", "2|begun");
        assertThat(db.rows("SELECT DISTINCT status FROM backend")).containsExactly("seen");
    }

    @Test
    void postgresDollarQuotedAndAtomicBodiesAndConcurrentIndexesRun() throws SQLException {
        TestDatabase db = TestDatabase.create(Backend.POSTGRES, tmp, pg);
        Scripts.write(tmp.resolve("migrations"), "V1__functions.sql", """
                CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
                CREATE FUNCTION credit(a int, amount int) RETURNS void AS $fn$
                BEGIN
                  UPDATE accounts SET balance = balance + amount WHERE id = a; -- ; inside
                END;
                $fn$ LANGUAGE plpgsql;
                CREATE FUNCTION sign_of(x int) RETURNS text LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x < 0 THEN 'neg;' ELSE 'pos' END;
                END;
                /* nested /* comment; */ still comment; */
                DO $$ BEGIN INSERT INTO accounts VALUES (1, 10); PERFORM credit(1, 5); END $$;
                INSERT INTO accounts VALUES (2, length(E'it\\'s;'))
                """);
        Scripts.write(tmp.resolve("migrations"), "V2__index.sql", """
                -- slipway:no-transaction
                CREATE INDEX CONCURRENTLY accounts_balance ON accounts (balance);
                """);

        assertThat(up(db).migrations()).hasSize(2);
        assertThat(db.rows("SELECT id, balance, sign_of(balance) FROM accounts ORDER BY id"))
                .containsExactly("1|15|pos", "2|5|pos");
        assertThat(db.rows("SELECT indexname FROM pg_indexes WHERE tablename = 'accounts' ORDER BY 1"))
                .containsExactly("accounts_balance", "accounts_pkey");
    }
}
