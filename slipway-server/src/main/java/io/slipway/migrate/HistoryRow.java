package io.slipway.migrate;

import java.time.Instant;

/**
 * One row of {@code slipway_migration_history}.
 *
 * @param rank          {@code installed_rank}: the order rows were written in, from 1
 * @param version       null for repeatable scripts
 * @param checksum      the script's checksum when it ran; null for a baseline
 * @param installedOn   when it started, by the database server's clock (UTC)
 * @param executionTime milliseconds it took; 0 until it finished
 * @param backup        the backup taken before the run that wrote it, or null
 */
record HistoryRow(int rank, Version version, String description, HistoryType type, String script, Integer checksum,
                  String installedBy, Instant installedOn, long executionTime, boolean success, String backup) {
}
