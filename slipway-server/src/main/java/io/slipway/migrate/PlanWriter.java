package io.slipway.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the statements of a plan. Each script runs between two history writes: a row saying it
 * started (success false), then an update marking it successful with its duration. With a
 * transaction, both and the script commit together, and the lease is renewed just before COMMIT,
 * which also fences the commit: it changes no row (and the unit rolls back) if another migrator has
 * taken the lock over. Without one ({@code -- slipway:no-transaction}), the lease is renewed first,
 * and the started row stays false if a statement fails, so the history says what happened.
 */
final class PlanWriter {
    private final Dialect dialect;
    private final HistoryTable history;
    private final LockTable lock;
    private final List<Sql> setup;
    private final int firstRank;

    /**
     * @param setup     the engine's tables to create first
     * @param firstRank the installed_rank of the first history row the plan writes
     */
    PlanWriter(Dialect dialect, HistoryTable history, LockTable lock, List<Sql> setup, int firstRank) {
        this.dialect = dialect;
        this.history = history;
        this.lock = lock;
        this.setup = List.copyOf(setup);
        this.firstRank = firstRank;
    }

    /** Runs {@code scripts} in order; with {@code backup}, records the backup reference first. */
    Plan migrations(Operation operation, List<Migration> scripts, boolean backup) {
        List<Unit> units = new ArrayList<>();
        if (backup && !scripts.isEmpty()) {
            units.add(new Unit(null, false, List.of(new Sql(lock.recordBackup(), Sql.Role.BACKUP))));
        }
        for (int i = 0; i < scripts.size(); i++) {
            units.add(unit(scripts.get(i), firstRank + i));
        }
        List<String> changes = scripts.stream().map(m -> (operation == Operation.DOWN ? "undo " : "apply ")
                + m.label() + " (" + m.script() + ")").toList();
        return plan(operation, scripts, changes, units);
    }

    /** A change to the history table: the statement, and what it does in words. */
    record HistoryChange(String statement, String description) {
    }

    /** Makes {@code changes} to the history in one transaction. */
    Plan historyChanges(Operation operation, List<HistoryChange> changes) {
        List<String> descriptions = changes.stream().map(HistoryChange::description).toList();
        if (changes.isEmpty()) {
            return plan(operation, List.of(), descriptions, List.of());
        }
        List<Sql> statements = new ArrayList<>();
        statements.add(new Sql(dialect.begin, Sql.Role.TRANSACTION));
        changes.forEach(c -> statements.add(new Sql(c.statement(), Sql.Role.HISTORY)));
        statements.add(new Sql(lock.renew(), Sql.Role.LEASE));
        statements.add(new Sql("COMMIT", Sql.Role.TRANSACTION));
        return plan(operation, List.of(), descriptions, List.of(new Unit(null, true, statements)));
    }

    private Unit unit(Migration m, int rank) {
        List<Sql> statements = new ArrayList<>();
        if (m.noTransaction()) {
            statements.add(new Sql(lock.renew(), Sql.Role.LEASE));
        } else {
            statements.add(new Sql(dialect.begin, Sql.Role.TRANSACTION));
        }
        statements.add(new Sql(history.start(m, rank), Sql.Role.HISTORY_START));
        m.statements().forEach(s -> statements.add(new Sql(s, Sql.Role.SCRIPT)));
        statements.add(new Sql(history.finish(rank), Sql.Role.HISTORY));
        if (!m.noTransaction()) {
            statements.add(new Sql(lock.renew(), Sql.Role.LEASE));
            statements.add(new Sql("COMMIT", Sql.Role.TRANSACTION));
        }
        return new Unit(m, !m.noTransaction(), statements);
    }

    private Plan plan(Operation operation, List<Migration> scripts, List<String> changes, List<Unit> units) {
        List<Sql> before = new ArrayList<>(setup);
        before.add(new Sql(lock.acquire(), Sql.Role.LOCK));
        return new Plan(operation, scripts, changes, before, units, new Sql(lock.release(), Sql.Role.LOCK));
    }
}
