package io.slipway.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * What an operation does, decided before it does it: the scripts it runs, the changes in words, and
 * every statement it executes, in order, exactly as it executes them: the engine's own tables when
 * missing, the lock, the backup record, each script between its history writes, the lease renewals
 * and the release. Running the operation executes exactly {@link #statements()} (the lock statement
 * again while it waits for another migrator), unless a statement fails: then it rolls back and
 * records the failure, which no plan can foresee.
 */
public final class Plan {
    private final Operation operation;
    private final List<Migration> migrations;
    private final List<String> changes;
    private final List<Sql> before;
    private final List<Unit> units;
    private final Sql release;

    Plan(Operation operation, List<Migration> migrations, List<String> changes, List<Sql> before, List<Unit> units,
         Sql release) {
        this.operation = operation;
        this.migrations = List.copyOf(migrations);
        this.changes = List.copyOf(changes);
        this.before = List.copyOf(before);
        this.units = List.copyOf(units);
        this.release = release;
    }

    public Operation operation() {
        return operation;
    }

    /** The scripts it runs, in order; empty for repair and baseline. */
    public List<Migration> migrations() {
        return migrations;
    }

    /** What it changes, one line each, e.g. {@code apply 2 add email (V2__add_email.sql)}. */
    public List<String> changes() {
        return changes;
    }

    /** True when it changes nothing but takes and gives back the lock (and creates the engine's tables if missing). */
    public boolean isEmpty() {
        return units.isEmpty();
    }

    /** Every statement it executes, in order, without terminating semicolons. */
    public List<String> statements() {
        List<String> all = new ArrayList<>();
        before.forEach(s -> all.add(s.text()));
        units.forEach(u -> u.statements().forEach(s -> all.add(s.text())));
        all.add(release.text());
        return all;
    }

    /** The statements as a script people read: semicolons, and a comment before each migration script. */
    public String script() {
        StringBuilder out = new StringBuilder("-- slipway migrate " + operation.verb() + ": "
                + (changes.isEmpty() ? "nothing to do" : String.join("; ", changes)) + "\n");
        before.forEach(s -> append(out, s));
        for (Unit unit : units) {
            if (unit.migration() != null) {
                out.append("\n-- ").append(unit.migration().script()).append('\n');
            }
            unit.statements().forEach(s -> append(out, s));
        }
        append(out, release);
        return out.toString();
    }

    private static void append(StringBuilder out, Sql sql) {
        out.append(sql.text()).append(';');
        if (sql.role() == Sql.Role.BACKUP) {
            out.append(" -- ? is the reference of the backup taken at this point");
        }
        out.append('\n');
    }

    List<Unit> units() {
        return units;
    }

    @Override
    public String toString() {
        return script();
    }
}
