package io.slipway.backup;

import java.time.Instant;
import java.util.Map;

/**
 * The outcome of verifying one backup.
 *
 * @param backupId the backup
 * @param at       when it was verified
 * @param ok       whether every check passed
 * @param message  one line: what was checked and found, or the first problem
 * @param details  the evidence: integrity, rows per table expected and found, checksums
 */
public record Verification(String backupId, Instant at, boolean ok, String message, Map<String, Object> details) {
    public Verification {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
