package io.slipway.backup;

/**
 * What {@link BackupArchive} wrote or verified: the figures a backup manifest records.
 *
 * @param contentBytes  length of the original content (before compression and encryption)
 * @param contentSha256 lowercase hex SHA-256 of the original content
 * @param storedBytes   length of the archive file
 * @param storedSha256  lowercase hex SHA-256 of the archive file as stored
 * @param compressed    whether the content is gzip-compressed inside the archive
 * @param encrypted     whether the chunks are AES-256-GCM encrypted
 */
public record ArchiveInfo(long contentBytes, String contentSha256, long storedBytes, String storedSha256,
                          boolean compressed, boolean encrypted) {
}
