package io.slipway.migrate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs a plan's units, under the lock the caller holds, and turns failures into what they mean. */
final class Execution {
    private static final Logger log = LoggerFactory.getLogger(Execution.class);
    private final Session session;
    private final Plan plan;
    private final BackupHook backupHook;
    private final MigrationListener listener;
    private final String database;
    private String backup;

    Execution(Session session, Plan plan, BackupHook backupHook, MigrationListener listener, String database) {
        this.session = session;
        this.plan = plan;
        this.backupHook = backupHook;
        this.listener = listener;
        this.database = database;
    }

    /** @return the backup reference recorded, or null */
    String run() {
        for (Unit unit : plan.units()) {
            run(unit);
        }
        return backup;
    }

    private void run(Unit unit) {
        long started = System.nanoTime();
        if (unit.migration() != null) {
            listener.started(unit.migration());
        }
        List<Sql> statements = unit.statements();
        for (int i = 0; i < statements.size(); i++) {
            execute(unit, i);
        }
        if (unit.migration() != null) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("event=migration-run database={} script={} ms={}", database, unit.migration().script(), took.toMillis());
            listener.finished(unit.migration(), took);
        }
    }

    private void execute(Unit unit, int index) {
        Sql sql = unit.statements().get(index);
        try {
            switch (sql.role()) {
                case BACKUP -> session.execute(sql.text(), takeBackup());
                case LEASE -> renewLease(sql);
                default -> session.execute(sql.text());
            }
        } catch (SQLException e) {
            rollBack(unit, e);
            throw failure(unit, index, e);
        } catch (RuntimeException e) {
            rollBack(unit, e);
            throw e;
        }
    }

    private String takeBackup() {
        try {
            backup = backupHook.backup(plan).orElse(null);
            return backup;
        } catch (RuntimeException e) {
            throw new MigrationException("backup of " + database + " before " + plan.operation().verb()
                    + " failed, nothing was changed: " + e.getMessage(), e);
        }
    }

    private void renewLease(Sql sql) throws SQLException {
        if (session.execute(sql.text()) != 1) {
            Optional<LockHolder> holder = LockTable.holder(session);
            throw new MigrationLockException("lost the migration lock on " + database + " to "
                    + holder.map(LockHolder::describe).orElse("nobody (the lock row is gone)")
                    + ": this migrator's lease ran out; the current script was rolled back", holder.orElse(null));
        }
    }

    private void rollBack(Unit unit, Exception cause) {
        if (!unit.transactional()) {
            return;
        }
        try {
            session.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private MigrationException failure(Unit unit, int index, SQLException e) {
        Sql sql = unit.statements().get(index);
        if (unit.migration() == null || sql.role() != Sql.Role.SCRIPT) {
            return new MigrationException(plan.operation().verb() + " on " + database + " failed at \""
                    + abbreviate(sql.text()) + "\": " + e.getMessage(), e);
        }
        if (unit.transactional()) {
            recordFailure(unit, e);
        }
        int statement = (int) unit.statements().subList(0, index + 1).stream()
                .filter(s -> s.role() == Sql.Role.SCRIPT).count();
        log.warn("event=migration-failed database={} script={} statement={} error=\"{}\"", database,
                unit.migration().script(), statement, oneLine(e.getMessage()));
        return new MigrationFailedException(unit.migration(), statement, failureMessage(unit, statement, sql, e), e);
    }

    private void recordFailure(Unit unit, SQLException cause) {
        try {
            session.execute(unit.historyStart().text());
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private String failureMessage(Unit unit, int statement, Sql sql, SQLException e) {
        Migration m = unit.migration();
        return m.script() + " failed at statement " + statement + " (\"" + abbreviate(sql.text()) + "\"): "
                + e.getMessage() + ". " + (unit.transactional() ? "It was rolled back, so " + database
                + " is as it was before it"
                : "It ran without a transaction: the statements before this one stay applied")
                + "; the history marks it failed. Fix the script, run repair, then " + plan.operation().verb() + " again.";
    }

    private static String abbreviate(String sql) {
        String oneLine = oneLine(sql);
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s+", " ").strip();
    }
}
