package io.slipway.backup;

import java.time.Instant;
import java.util.Map;

/**
 * What a backup is, written beside it ({@code <id>.manifest.json}) and in the store, so a backup
 * directory copied elsewhere still says what each file holds and how to check it.
 *
 * @param id            the backup's id, also its file name
 * @param app           the app whose database it is
 * @param kind          manual, scheduled, safety (before a restore) or pre-migration
 * @param database      the source: a file path or postgres://user@host:port/name
 * @param engine        sqlite or postgres
 * @param startedAt     when the copy began: it holds everything committed before
 * @param finishedAt    when the archive was complete
 * @param archive       sizes, checksums, compression and encryption of the archive
 * @param keyId         for an encrypted backup, which key (the first bytes of its SHA-256, not the key)
 * @param tools         the versions of what made it (slipway, sqlite, pg_dump)
 * @param schemaVersion the database's schema version (SQLite user_version, or the migration history's)
 * @param rows          rows per table when copied: what verification expects
 */
public record BackupManifest(String id, String app, String kind, String database, String engine, Instant startedAt,
                             Instant finishedAt, ArchiveInfo archive, String keyId, Map<String, String> tools,
                             String schemaVersion, Map<String, Long> rows) {
    public BackupManifest {
        tools = tools == null ? Map.of() : Map.copyOf(tools);
        rows = rows == null ? Map.of() : Map.copyOf(rows);
    }
}
