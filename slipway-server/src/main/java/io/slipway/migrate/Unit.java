package io.slipway.migrate;

import java.util.List;

/**
 * Statements that belong together: one script with its history writes, a set of history changes,
 * or the backup record. A transactional unit starts with BEGIN and ends with COMMIT; when one of its
 * statements fails, the engine rolls it back and, for a script, writes its history row again
 * (success false) outside the transaction.
 *
 * @param migration     the script it runs, or null
 * @param transactional whether it runs in one transaction
 * @param statements    what it runs, in order
 */
record Unit(Migration migration, boolean transactional, List<Sql> statements) {

    Unit {
        statements = List.copyOf(statements);
    }

    /** The statement that records the script's start, to write again when it fails. */
    Sql historyStart() {
        return statements.stream().filter(s -> s.role() == Sql.Role.HISTORY_START).findFirst().orElseThrow();
    }
}
