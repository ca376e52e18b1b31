package io.slipway.api;

import io.slipway.migrate.Migration;
import io.slipway.migrate.Outcome;
import io.slipway.migrate.Status;
import io.slipway.migrate.Validation;
import io.slipway.migrate.Version;

import java.time.Instant;
import java.util.List;

/** The JSON of the migration routes: versions as text ({@code "1.1"}), states and kinds by name. */
final class MigrationViews {
    private MigrationViews() {
    }

    /** {@code GET …/migrations}: where the app's database stands against its scripts. */
    record StatusView(String app, String database, String current, int pending, List<EntryView> entries,
                      List<String> ignoredFiles) {
        static StatusView of(String app, Status s) {
            return new StatusView(app, s.database(), text(s.current()), s.pending().size(),
                    s.entries().stream().map(EntryView::of).toList(), s.ignoredFiles());
        }
    }

    /** One script or history row of {@link StatusView}; {@code version} is null for repeatable scripts. */
    record EntryView(String version, String description, String script, String type, String state,
                     Instant installedOn, String installedBy, Long executionMillis, String backup, boolean contract,
                     boolean undoable, Integer checksum, Integer fileChecksum) {
        static EntryView of(Status.Entry e) {
            return new EntryView(text(e.version()), e.description(), e.script(), e.type().name(), e.state().name(),
                    e.installedOn(), e.installedBy(), e.executionMillis(), e.backup(), e.contract(), e.undoable(),
                    e.checksum(), e.fileChecksum());
        }
    }

    /**
     * What up, down, repair or baseline did, or with {@code dryRun} would do: {@code statements} are
     * executed in that order (the backup statement's {@code ?} becomes {@code backup}), {@code script}
     * is the same as SQL people read.
     */
    record RunView(String app, String operation, boolean dryRun, List<String> changes, List<ScriptView> migrations,
                   List<String> statements, String script, String backup) {
        static RunView of(String app, Outcome o, boolean dryRun) {
            return new RunView(app, o.plan().operation().verb(), dryRun, o.plan().changes(),
                    o.migrations().stream().map(ScriptView::of).toList(), o.plan().statements(), o.plan().script(),
                    o.backup());
        }
    }

    /** A migration script that runs (or ran). */
    record ScriptView(String version, String description, String script, String kind, boolean contract,
                      boolean noTransaction) {
        static ScriptView of(Migration m) {
            return new ScriptView(text(m.version()), m.description(), m.script(), m.kind().name(), m.contract(),
                    m.noTransaction());
        }
    }

    /** {@code POST …/migrations/validate}: ok, or each problem with what to do. */
    record ValidationView(String app, boolean ok, List<ProblemView> problems) {
        static ValidationView of(String app, Validation v) {
            return new ValidationView(app, v.ok(), MigrationViews.problems(v.problems()));
        }
    }

    record ProblemView(String kind, String version, String script, String message) {
    }

    static List<ProblemView> problems(List<Validation.Problem> problems) {
        return problems.stream().map(p -> new ProblemView(p.kind().name(), text(p.version()), p.script(), p.message()))
                .toList();
    }

    static String text(Version version) {
        return version == null ? null : version.toString();
    }
}
