package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The backup file format: optionally gzip-compressed, optionally AES-256-GCM-encrypted, checksummed
 * throughout, and streamed in chunks so that memory stays at a few MiB whatever the size.
 *
 * <p>Layout (all integers big-endian):
 * <pre>
 * header   41 bytes  "SLPWBK1" | version 1 (1 byte) | flags (1 byte: 1 = gzip, 2 = AES-256-GCM)
 *                    | chunk size (4 bytes, 1 MiB) | key id (8 bytes) | salt (16 bytes) | CRC32C of the above (4)
 * chunk    repeated  frame (4 bytes: bit 31 = last chunk, bits 0-30 = sealed length) | sealed chunk
 * trailer  44 bytes  content length (8) | SHA-256 of the content (32) | CRC32C of both (4)
 * </pre>
 * The content (gzip'ed first when compressed) is cut into chunks of the chunk size; only the last
 * may be shorter (or empty, for empty content), and exactly one chunk, the last, carries the flag.
 *
 * <p>Encrypted, a chunk is sealed with AES-256-GCM (16-byte tag) under a key of its own archive:
 * HKDF-SHA256 of the backup key and the random salt. The nonce is 8 derived bytes and the chunk
 * counter; the associated data is SHA-256(header), the chunk index and the last flag: the STREAM
 * construction of age and Tink, so a changed header, swapped, dropped or appended chunks all fail.
 * Each chunk is authenticated before any of it is used, which is why there are chunks at all: Java's
 * GCM decryption buffers a whole {@code doFinal} input. The key id is the first 8 bytes of
 * SHA-256(backup key), so a wrong key is reported as such rather than as damage. Unencrypted, a
 * chunk is its data followed by CRC32C(index, last flag, data): damage is found and located, though
 * not against someone who means it. Key ids and salts are zero in unencrypted archives.
 *
 * <p>Every problem is a {@link BackupCorruptException} naming the file and what is wrong.
 * All methods are thread-safe; each call uses its own streams and ciphers.
 */
public final class BackupArchive {
    private BackupArchive() {
    }

    /**
     * Writes source into archive atomically (temp file in the same dir, fsync, ATOMIC_MOVE, replacing
     * any file there); returns sizes and SHA-256s. The archive is readable by its owner only.
     */
    public static ArchiveInfo write(Path source, Path archive, ArchiveOptions options) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return write(in, archive, options);
        }
    }

    /** Same from a stream (for pg_dump output piped in); reads it to its end and does not close it. */
    public static ArchiveInfo write(InputStream source, Path archive, ArchiveOptions options) throws IOException {
        return AtomicFile.write(archive, out -> ArchiveWriter.write(source, out, options));
    }

    /**
     * Verifies the whole archive and writes the content to destination only when all of it is good
     * (temp file beside it, then an atomic move that replaces any file there); key null for
     * unencrypted. A key given for an unencrypted archive is ignored: check {@link ArchiveInfo#encrypted}
     * where an unencrypted archive must be refused.
     *
     * @throws BackupCorruptException when the archive is damaged, truncated, not an archive, or the key is wrong;
     *                                destination is then left as it was
     */
    public static ArchiveInfo read(Path archive, byte[] key, Path destination) throws IOException {
        return AtomicFile.write(destination, out -> ArchiveReader.read(archive, key, out));
    }

    /** Reads it through, verifying, writing nothing. */
    public static ArchiveInfo check(Path archive, byte[] key) throws IOException {
        return ArchiveReader.read(archive, key, OutputStream.nullOutputStream());
    }
}
