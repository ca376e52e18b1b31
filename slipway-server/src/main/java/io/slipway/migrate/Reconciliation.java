package io.slipway.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lines the scripts on disk up against the history rows and says what each stands at; a pure
 * function of the two, so status, validate and the planners agree by construction.
 */
final class Reconciliation {
    private static final Comparator<Status.Entry> ORDER = Comparator
            .comparing(Status.Entry::version, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> e.type() == HistoryType.BASELINE)
            .thenComparing(Status.Entry::description);

    private final MigrationFiles files;
    private final History history;
    private final TreeMap<Version, HistoryRow> applied;
    private final Optional<Version> baseline;
    private final List<Status.Entry> entries = new ArrayList<>();
    private final Set<HistoryRow> shown = new HashSet<>();

    private Reconciliation(MigrationFiles files, History history) {
        this.files = files;
        this.history = history;
        this.applied = history.applied();
        this.baseline = history.baseline().map(HistoryRow::version);
    }

    static Status status(String database, MigrationFiles files, History history) {
        Reconciliation r = new Reconciliation(files, history);
        history.baseline().ifPresent(b -> r.add(Status.State.BASELINE, null, b));
        files.versioned().forEach(r::versioned);
        r.applied.values().stream().filter(row -> files.forward(row.version()).isEmpty())
                .forEach(row -> r.add(Status.State.MISSING_FILE, null, row));
        files.repeatables().forEach(r::repeatable);
        history.repeatables().values().stream().filter(row -> files.repeatable(row.description()).isEmpty())
                .forEach(row -> r.add(Status.State.MISSING_FILE, null, row));
        history.failed().stream().filter(row -> !r.shown.contains(row))
                .forEach(row -> r.add(Status.State.FAILED, null, row));
        r.entries.sort(ORDER);
        return new Status(database, history.current().orElse(null), r.entries, files.ignored());
    }

    private void versioned(Migration m) {
        Optional<HistoryRow> failed = failed(HistoryType.SQL, m.version(), null);
        HistoryRow row = applied.get(m.version());
        if (baseline.isPresent() && !m.version().isAfter(baseline.get())) {
            add(Status.State.BELOW_BASELINE, m, null);
        } else if (failed.isPresent()) {
            add(Status.State.FAILED, m, failed.get());
        } else if (row != null) {
            add(row.checksum() != null && row.checksum() != m.checksum() ? Status.State.DRIFTED
                    : Status.State.APPLIED, m, row);
        } else {
            add(!applied.isEmpty() && applied.lastKey().isAfter(m.version()) ? Status.State.OUT_OF_ORDER
                    : Status.State.PENDING, m, null);
        }
    }

    private void repeatable(Migration m) {
        Optional<HistoryRow> failed = failed(HistoryType.REPEATABLE, null, m.description());
        HistoryRow row = history.repeatables().get(m.description());
        if (failed.isPresent()) {
            add(Status.State.FAILED, m, failed.get());
        } else if (row == null) {
            add(Status.State.PENDING, m, null);
        } else {
            add(row.checksum() != null && row.checksum() == m.checksum() ? Status.State.APPLIED
                    : Status.State.OUTDATED, m, row);
        }
    }

    private Optional<HistoryRow> failed(HistoryType type, Version version, String description) {
        return history.failed().stream().filter(r -> r.type() == type)
                .filter(r -> version != null ? version.equals(r.version()) : description.equals(r.description()))
                .reduce((a, b) -> b);
    }

    private void add(Status.State state, Migration file, HistoryRow row) {
        if (row != null) {
            shown.add(row);
        }
        Version version = row != null ? row.version() : file.version();
        boolean undoable = file != null && file.kind() == Migration.Kind.VERSIONED
                && files.undo(file.version()).isPresent();
        entries.add(new Status.Entry(version, file != null ? file.description() : row.description(),
                file != null ? file.script() : row.script(), row != null ? row.type() : HistoryType.of(file.kind()),
                state, row == null ? null : row.checksum(), file == null ? null : file.checksum(),
                row == null ? null : row.installedOn(), row == null ? null : row.installedBy(),
                row == null ? null : row.executionTime(), row == null ? null : row.backup(),
                file != null && file.contract(), undoable));
    }
}
