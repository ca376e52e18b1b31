package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The 41 bytes that open an archive; the layout is in {@link BackupArchive}.
 *
 * @param keyId 8 bytes: the first 8 of SHA-256(key), zeros when not encrypted
 * @param salt  16 random bytes from which the archive's own AES key is derived, zeros when not encrypted
 */
record ArchiveHeader(boolean compressed, boolean encrypted, int chunkSize, byte[] keyId, byte[] salt) {
    static final byte[] MAGIC = "SLPWBK1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int LENGTH = 41;
    static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;
    /** Bounds the reader's buffers whatever a damaged header says. */
    static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
    private static final int COMPRESSED = 1;
    private static final int ENCRYPTED = 2;

    static ArchiveHeader create(ArchiveOptions options, SecureRandom random) {
        byte[] key = options.key();
        FileKey fileKey = key == null ? FileKey.none() : FileKey.create(key, random);
        return new ArchiveHeader(options.compress(), key != null, DEFAULT_CHUNK_SIZE, fileKey.keyId(), fileKey.salt());
    }

    FileKey fileKey() {
        return new FileKey(keyId, salt);
    }

    byte[] encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.put(MAGIC).put((byte) VERSION).put((byte) ((compressed ? COMPRESSED : 0) | (encrypted ? ENCRYPTED : 0)));
        bytes.putInt(chunkSize).put(keyId).put(salt);
        bytes.putInt(Digests.crc32c(bytes.array(), 0, LENGTH - 4));
        return bytes.array();
    }

    /** SHA-256 of the encoded header, bound into every encrypted chunk so that no header field can be swapped. */
    byte[] hash() {
        return Digests.sha256(encode());
    }

    static ArchiveHeader read(InputStream in, Path file) throws IOException {
        byte[] bytes = in.readNBytes(LENGTH);
        checkMagic(bytes, file);
        if (bytes.length < LENGTH) {
            throw new BackupCorruptException(file, "truncated in the header");
        }
        int version = bytes[MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw new BackupCorruptException(file, "header: format version " + version + ", this Slipway reads"
                    + " version " + VERSION + " (written by a newer Slipway, or the header is damaged)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (Digests.crc32c(bytes, 0, LENGTH - 4) != buffer.getInt(LENGTH - 4)) {
            throw new BackupCorruptException(file, "header is damaged (checksum mismatch)");
        }
        return decode(buffer.position(MAGIC.length + 1), file);
    }

    private static void checkMagic(byte[] bytes, Path file) {
        int n = Math.min(bytes.length, MAGIC.length);
        if (bytes.length == 0 || !Arrays.equals(bytes, 0, n, MAGIC, 0, n)) {
            throw new BackupCorruptException(file, "not a Slipway backup (bad magic)");
        }
    }

    private static ArchiveHeader decode(ByteBuffer buffer, Path file) {
        int flags = buffer.get() & 0xff;
        if ((flags & ~(COMPRESSED | ENCRYPTED)) != 0) {
            throw new BackupCorruptException(file, "header: unknown flags 0x%02x".formatted(flags));
        }
        int chunkSize = buffer.getInt();
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new BackupCorruptException(file, "header: chunk size " + chunkSize + " is out of range");
        }
        byte[] keyId = new byte[FileKey.KEY_ID_BYTES];
        byte[] salt = new byte[FileKey.SALT_BYTES];
        buffer.get(keyId).get(salt);
        return new ArchiveHeader((flags & COMPRESSED) != 0, (flags & ENCRYPTED) != 0, chunkSize, keyId, salt);
    }
}
