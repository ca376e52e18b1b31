package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The 44 bytes after the last chunk: the content's length and SHA-256, and a CRC32C of both.
 *
 * @param contentSha256 lowercase hex
 */
record ArchiveTrailer(long contentBytes, String contentSha256) {
    static final int LENGTH = 8 + 32 + 4;

    byte[] encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.putLong(contentBytes).put(HexFormat.of().parseHex(contentSha256));
        bytes.putInt(Digests.crc32c(bytes.array(), 0, LENGTH - 4));
        return bytes.array();
    }

    /** @param chunks how many chunks came before, to say where a truncation is */
    static ArchiveTrailer read(InputStream in, Path file, long chunks) throws IOException {
        byte[] bytes = in.readNBytes(LENGTH);
        if (bytes.length < LENGTH) {
            throw new BackupCorruptException(file, "truncated after chunk " + chunks + " (the last chunk):"
                    + " the trailer is " + (bytes.length == 0 ? "missing" : "cut short"));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (Digests.crc32c(bytes, 0, LENGTH - 4) != buffer.getInt(LENGTH - 4)) {
            throw new BackupCorruptException(file, "trailer is damaged (checksum mismatch)");
        }
        byte[] sha256 = new byte[32];
        long contentBytes = buffer.getLong();
        buffer.get(sha256);
        return new ArchiveTrailer(contentBytes, HexFormat.of().formatHex(sha256));
    }

    /** Checks the content that came out of the chunks against what the writer recorded. */
    void verify(long actualBytes, String actualSha256, Path file) {
        if (actualBytes != contentBytes) {
            throw new BackupCorruptException(file, "content length mismatch: the trailer says " + contentBytes
                    + " bytes, the chunks hold " + actualBytes);
        }
        if (!actualSha256.equals(contentSha256)) {
            throw new BackupCorruptException(file, "content checksum mismatch: the trailer says sha256 "
                    + contentSha256 + ", the content is " + actualSha256);
        }
    }
}
