package io.slipway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DirectivesTest {

    @Test
    void readsDirectivesFromTheLeadingCommentLines() {
        Directives d = Directives.parse("V3__x.sql", "-- adds an index\n\n--slipway:no-transaction\n"
                + "  -- slipway:contract  \nCREATE INDEX CONCURRENTLY i ON t (c);\n");

        assertThat(d).isEqualTo(new Directives(true, true));
    }

    @Test
    void aScriptWithoutDirectivesRunsInATransactionAndIsNoContract() {
        assertThat(Directives.parse("V1__x.sql", "CREATE TABLE t (id INT);\n")).isEqualTo(new Directives(false, false));
    }

    @Test
    void directivesAfterTheFirstStatementAreOrdinaryComments() {
        assertThat(Directives.parse("V1__x.sql", "SELECT 1;\n-- slipway:no-transaction\n-- slipway:whatever\n"))
                .isEqualTo(new Directives(false, false));
    }

    @Test
    void anUnknownDirectiveIsAnErrorNamingTheFileAndTheDirective() {
        assertThatThrownBy(() -> Directives.parse("V4__reindex.sql", "-- slipway:no-transactions\nVACUUM;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("V4__reindex.sql")
                .hasMessageContaining("slipway:no-transactions")
                .hasMessageContaining("slipway:no-transaction,");
    }
}
