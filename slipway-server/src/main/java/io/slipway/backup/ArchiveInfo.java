package io.slipway.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@link BackupArchive} wrote or verified: the figures a backup manifest records.
 *
 * <p>The archive file itself has no whole-file hash: its header, every chunk and its trailer carry
 * their own checks (CRC32C or AES-GCM tags) and {@code slipway backup verify} reads them all. The
 * content's SHA-256 is what {@code sha256sum} prints for the restored database file (SQLite) or dump.
 * Manifests written before 2026-12-06 also hold the archive file's SHA-256, which is ignored.
 *
 * @param contentBytes  length of the original content (before compression and encryption)
 * @param contentSha256 lowercase hex SHA-256 of the original content
 * @param storedBytes   length of the archive file
 * @param compressed    whether the content is gzip-compressed inside the archive
 * @param encrypted     whether the chunks are AES-256-GCM encrypted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArchiveInfo(long contentBytes, String contentSha256, long storedBytes, boolean compressed,
                          boolean encrypted) {
}
