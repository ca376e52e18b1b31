package io.slipway.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which scripts {@code up} and {@code down} run, in which order, from the files, the history and
 * their reconciled status; pure, so the dry-run and the run under the lock decide alike.
 */
final class Planner {
    private Planner() {
    }

    /**
     * Pending forward scripts up to {@code to} (all when empty), lowest first; then, only when going all
     * the way, new and changed repeatable scripts, which are written against the newest schema.
     *
     * @throws MigrationRefusedException when {@code to} names no known version or one below the current one
     */
    static List<Migration> up(MigrationFiles files, History history, Status status, Optional<Version> to) {
        to.ifPresent(target -> checkUpTarget(files, history, target));
        List<Migration> run = new ArrayList<>();
        for (Status.Entry e : status.pending()) {
            if (e.version() != null && (to.isEmpty() || !e.version().isAfter(to.get()))) {
                run.add(files.forward(e.version()).orElseThrow());
            }
        }
        if (to.isEmpty()) {
            status.pending().stream().filter(e -> e.version() == null)
                    .forEach(e -> run.add(files.repeatable(e.description()).orElseThrow()));
        }
        return run;
    }

    private static void checkUpTarget(MigrationFiles files, History history, Version target) {
        Optional<Version> current = history.current();
        if (current.isPresent() && current.get().isAfter(target)) {
            throw new MigrationRefusedException("target version " + target + " is below the current version "
                    + current.get() + "; use down to go back to it");
        }
        if (files.forward(target).isEmpty() && !target.equals(current.orElse(null))) {
            throw new MigrationRefusedException("no script has version " + target + " (expected V" + target
                    + "__<description>.sql in " + files.dir() + ")");
        }
    }

    /**
     * Undo scripts of the applied versions above {@code to}, highest first; when {@code to} is empty,
     * of the highest applied version only.
     *
     * @throws MigrationRefusedException when {@code to} is below the baseline
     * @throws MigrationFileException    naming each version to undo that has no undo script, and the file expected
     */
    static List<Migration> down(MigrationFiles files, History history, Optional<Version> to) {
        Optional<Version> baseline = history.baseline().map(HistoryRow::version);
        if (to.isPresent() && baseline.isPresent() && baseline.get().isAfter(to.get())) {
            throw new MigrationRefusedException("target version " + to.get() + " is below the baseline version "
                    + baseline.get() + "; what the baseline stands for has no undo scripts");
        }
        List<Version> undone = versionsAbove(history, to);
        List<String> missing = undone.stream().filter(v -> files.undo(v).isEmpty())
                .map(v -> "version " + v + " has no undo script: expected " + expectedUndo(files, v)).toList();
        if (!missing.isEmpty()) {
            throw new MigrationFileException("cannot undo down to " + to.map(Version::toString)
                    .orElse("the previous version") + "; nothing was run", missing);
        }
        return undone.stream().map(v -> files.undo(v).orElseThrow()).toList();
    }

    private static List<Version> versionsAbove(History history, Optional<Version> to) {
        List<Version> versions = new ArrayList<>(history.applied().descendingKeySet());
        if (to.isEmpty()) {
            return versions.isEmpty() ? versions : versions.subList(0, 1);
        }
        versions.removeIf(v -> !v.isAfter(to.get()));
        return versions;
    }

    private static String expectedUndo(MigrationFiles files, Version version) {
        return files.forward(version).map(f -> "U" + f.script().substring(1))
                .orElse("U" + version + "__<description>.sql") + " in " + files.dir();
    }

    /** Removes failed rows and realigns the checksums of drifted scripts to their files. */
    static List<PlanWriter.HistoryChange> repair(History history, Status status) {
        List<PlanWriter.HistoryChange> changes = new ArrayList<>();
        for (HistoryRow row : history.failed()) {
            changes.add(new PlanWriter.HistoryChange(HistoryTable.delete(row.rank()), "remove the failed entry of "
                    + row.script() + " (installed_rank " + row.rank() + ")"));
        }
        status.entries().stream().filter(e -> e.state() == Status.State.DRIFTED).forEach(e -> changes.add(
                new PlanWriter.HistoryChange(HistoryTable.realign(history.applied().get(e.version()).rank(),
                        e.fileChecksum()), "realign the checksum of " + e.script() + " to its file: "
                        + e.checksum() + " -> " + e.fileChecksum())));
        return changes;
    }

    /** @throws MigrationRefusedException when the database has history already */
    static void checkBaseline(History history, String database) {
        if (!history.rows().isEmpty()) {
            throw new MigrationRefusedException("cannot baseline " + database + ": it has a migration history already ("
                    + history.rows().size() + " rows); baseline is for a database with a schema but no history");
        }
    }
}
