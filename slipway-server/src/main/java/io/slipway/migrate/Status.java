package io.slipway.migrate;

import java.time.Instant;
import java.util.List;

/**
 * Where an app's database stands against its migration directory: one entry per script and per
 * history row that needs saying, versions in order, repeatable scripts last.
 *
 * @param database     the database, as shown in messages
 * @param current      the highest applied (or baseline) version, or null when none is
 * @param entries      what each script and row stands at
 * @param ignoredFiles names in the directory that are not scripts (other suffixes, subdirectories)
 */
public record Status(String database, Version current, List<Entry> entries, List<String> ignoredFiles) {

    public Status {
        entries = List.copyOf(entries);
        ignoredFiles = List.copyOf(ignoredFiles);
    }

    /** What a script or history row stands at. */
    public enum State {
        /** Not applied yet; {@code up} runs it. */
        PENDING,
        APPLIED,
        /** Its history row says it failed; {@code up} refuses until {@code repair}. */
        FAILED,
        /** Applied, but its file has changed since (checksums differ); {@code up} refuses. */
        DRIFTED,
        /** Applied, but its file is gone from the directory; {@code up} refuses. */
        MISSING_FILE,
        /** A repeatable script changed since it last ran; {@code up} runs it again. */
        OUTDATED,
        /** Not applied, but a higher version is; {@code up} refuses. */
        OUT_OF_ORDER,
        /** The baseline row. */
        BASELINE,
        /** At or below the baseline version; never runs. */
        BELOW_BASELINE;

        /** Whether its history row stands in the schema: it ran (changed file or not) or is the baseline. */
        public boolean applied() {
            return this == APPLIED || this == DRIFTED || this == MISSING_FILE || this == OUTDATED || this == BASELINE;
        }
    }

    /**
     * One script or history row.
     *
     * @param version         null for repeatable scripts
     * @param script          the file name (the recorded one when the file is missing)
     * @param type            the history row's type, or for a script not applied, the type it would get
     * @param checksum        the checksum recorded in the history, or null
     * @param fileChecksum    the checksum of the file on disk, or null
     * @param installedOn     when it ran (database server clock, UTC), or null
     * @param installedBy     who ran it, or null
     * @param executionMillis how long it took, or null
     * @param backup          the backup taken before it ran, or null
     * @param contract        its script says {@code -- slipway:contract}
     * @param undoable        a forward script with an undo script beside it
     */
    public record Entry(Version version, String description, String script, HistoryType type, State state,
                        Integer checksum, Integer fileChecksum, Instant installedOn, String installedBy,
                        Long executionMillis, String backup, boolean contract, boolean undoable) {
    }

    /** Entries {@code up} would run: pending scripts and outdated repeatable ones. */
    public List<Entry> pending() {
        return entries.stream().filter(e -> e.state() == State.PENDING || e.state() == State.OUTDATED).toList();
    }
}
