package io.slipway.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static List<String> sqlite(String sql) {
        return SqlSplitter.split(sql, Dialect.SQLITE);
    }

    private static List<String> postgres(String sql) {
        return SqlSplitter.split(sql, Dialect.POSTGRESQL);
    }

    @Test
    void splitsAtSemicolonsAndDropsThem() {
        assertThat(sqlite("CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n"))
                .containsExactly("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)");
    }

    @Test
    void theLastStatementNeedsNoSemicolon() {
        assertThat(sqlite("SELECT 1;\nSELECT 2")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(postgres("SELECT 1")).containsExactly("SELECT 1");
    }

    @Test
    void emptyScriptsAndStraySemicolonsGiveNoStatements() {
        assertThat(sqlite("")).isEmpty();
        assertThat(sqlite("  \n-- only a comment\n/* and another */\n")).isEmpty();
        assertThat(sqlite(";;\nSELECT 1;;")).containsExactly("SELECT 1");
    }

    @Test
    void semicolonsInStringsDoNotSplit() {
        assertThat(sqlite("INSERT INTO t VALUES ('a;b', 'it''s; fine');SELECT 2"))
                .containsExactly("INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT 2");
    }

    @Test
    void semicolonsInQuotedIdentifiersDoNotSplit() {
        assertThat(postgres("CREATE TABLE \"odd;name\" (\"x\"\"y;\" INT); SELECT 1"))
                .containsExactly("CREATE TABLE \"odd;name\" (\"x\"\"y;\" INT)", "SELECT 1");
        assertThat(sqlite("CREATE TABLE `a;b` ([c;d] INT); SELECT 1"))
                .containsExactly("CREATE TABLE `a;b` ([c;d] INT)", "SELECT 1");
    }

    @Test
    void semicolonsInCommentsDoNotSplitAndCommentsAroundStatementsAreLeftOut() {
        String sql = """
                -- first; a line comment
                SELECT 1 /* inline; kept */ + 2; -- trailing; dropped
                /* block;
                   comment */ SELECT 3
                -- after the last statement;
                """;

        assertThat(sqlite(sql)).containsExactly("SELECT 1 /* inline; kept */ + 2", "SELECT 3");
    }

    @Test
    void postgresBlockCommentsNestButSqliteOnesDoNot() {
        assertThat(postgres("/* outer /* inner; */ still comment; */ SELECT 1; SELECT 2"))
                .containsExactly("SELECT 1", "SELECT 2");
        assertThat(sqlite("/* one /* two */ SELECT 1; SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void postgresEscapeStringsTakeBackslashEscapes() {
        assertThat(postgres("SELECT E'it\\'s; \\\\'; SELECT e'\\';'; SELECT 3"))
                .containsExactly("SELECT E'it\\'s; \\\\'", "SELECT e'\\';'", "SELECT 3");
    }

    @Test
    void aBackslashInAStandardStringIsJustABackslash() {
        assertThat(postgres("SELECT 'C:\\'; SELECT 2")).containsExactly("SELECT 'C:\\'", "SELECT 2");
        assertThat(postgres("SELECT name'x;y' FROM t; SELECT 2"))
                .as("an identifier ending in E before a quote is not an escape string")
                .containsExactly("SELECT name'x;y' FROM t", "SELECT 2");
    }

    @Test
    void dollarQuotedBodiesDoNotSplit() {
        String sql = """
                CREATE FUNCTION f() RETURNS int AS $$
                BEGIN
                  PERFORM 1; -- ; in body
                  RETURN 2;
                END;
                $$ LANGUAGE plpgsql;
                DO $body$ BEGIN RAISE NOTICE 'a $$ b;'; END $body$;
                SELECT $1, a$b$c FROM t
                """;

        List<String> statements = postgres(sql);

        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).startsWith("CREATE FUNCTION").endsWith("$$ LANGUAGE plpgsql");
        assertThat(statements.get(1)).isEqualTo("DO $body$ BEGIN RAISE NOTICE 'a $$ b;'; END $body$");
        assertThat(statements.get(2)).isEqualTo("SELECT $1, a$b$c FROM t");
    }

    @Test
    void sqliteTriggerBodiesWithCaseDoNotSplit() {
        String sql = """
                CREATE TABLE backend (id INT, status TEXT, end_date TEXT);
                CREATE TRIGGER backend_status AFTER INSERT ON backend
                WHEN CASE WHEN NEW.status IS NULL THEN 1 ELSE 0 END = 1
                BEGIN
                  UPDATE backend SET status = CASE WHEN NEW.id > 0 THEN 'new;' ELSE "end" END WHERE id = NEW.id;
                  INSERT INTO backend (id, end_date) VALUES (-NEW.id, 'x');
                END;
                CREATE TEMP TRIGGER t2 BEFORE DELETE ON backend BEGIN SELECT RAISE(ABORT, 'no;'); END;
                SELECT 1 AS legend
                """;

        List<String> statements = sqlite(sql);

        assertThat(statements).hasSize(4);
        assertThat(statements.get(1)).startsWith("CREATE TRIGGER backend_status").endsWith("END");
        assertThat(statements.get(1)).contains("INSERT INTO backend");
        assertThat(statements.get(2)).isEqualTo("CREATE TEMP TRIGGER t2 BEFORE DELETE ON backend"
                + " BEGIN SELECT RAISE(ABORT, 'no;'); END");
        assertThat(statements.get(3)).isEqualTo("SELECT 1 AS legend");
    }

    @Test
    void beginAndEndOutsideTriggersAreOrdinaryWords() {
        assertThat(sqlite("CREATE TABLE trigger_log (begin_at TEXT, ends TEXT); SELECT CASE WHEN 1 THEN 2 END; SELECT 3"))
                .containsExactly("CREATE TABLE trigger_log (begin_at TEXT, ends TEXT)", "SELECT CASE WHEN 1 THEN 2 END",
                        "SELECT 3");
    }

    @Test
    void postgresBeginAtomicBodiesDoNotSplit() {
        String sql = """
                CREATE OR REPLACE FUNCTION total(a int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN a > 0 THEN a ELSE 0 END;
                END;
                SELECT total(1)
                """;

        assertThat(postgres(sql)).hasSize(2).last().isEqualTo("SELECT total(1)");
    }

    @Test
    void unterminatedQuotesRunToTheEnd() {
        assertThat(sqlite("SELECT 'open; SELECT 2")).containsExactly("SELECT 'open; SELECT 2");
        assertThat(postgres("SELECT $x$ open; SELECT 2")).containsExactly("SELECT $x$ open; SELECT 2");
    }
}
