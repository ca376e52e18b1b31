package io.slipway.backup;

/**
 * How {@link BackupArchive#write} stores a backup.
 *
 * @param compress whether the content is gzip-compressed before it is chunked (and encrypted)
 * @param key      a 32-byte AES-256 key, or null for an archive that is not encrypted; see {@link BackupKeys}
 */
public record ArchiveOptions(boolean compress, byte[] key) {
    public static final int KEY_BYTES = 32;

    public ArchiveOptions {
        if (key != null) {
            requireKeyLength(key);
            key = key.clone();
        }
    }

    /** A copy, so that the caller cannot change the key of options already handed out. */
    @Override
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    public boolean encrypted() {
        return key != null;
    }

    /** Leaves the key out, so options can be logged. */
    @Override
    public String toString() {
        return "ArchiveOptions[compress=" + compress + ", encrypted=" + encrypted() + "]";
    }

    static void requireKeyLength(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("backup key: " + key.length + " bytes, an AES-256 key is " + KEY_BYTES);
        }
    }
}
