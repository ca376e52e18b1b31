package io.slipway.deploy;

import java.util.List;

/**
 * What a deployment's {@code migrate} step (or a rollback's {@code schema} step) did to the app's database,
 * recorded with the deployment so that a rollback knows what to take back.
 *
 * @param before   the schema version before it (null: no version applied yet)
 * @param after    the schema version after it (null: none)
 * @param applied  the scripts it ran, in order ({@code V2__add_email.sql}; undo scripts for an undo)
 * @param deferred pending scripts it left for later: the first contract script and everything after it
 * @param blockers the versions that run (or are kept warm) beside the candidate and made it defer them
 * @param backup   the backup taken before it changed anything, or null (nothing to run, or no backup)
 */
public record SchemaChange(String before, String after, List<String> applied, List<String> deferred,
                           List<String> blockers, String backup) {
    public SchemaChange {
        applied = List.copyOf(applied);
        deferred = List.copyOf(deferred);
        blockers = List.copyOf(blockers);
    }

    /** Whether it changed the schema. */
    public boolean changed() {
        return !applied.isEmpty();
    }

    /** {@code 3} or {@code none}. */
    static String label(String version) {
        return version == null ? "none" : version;
    }
}
