package io.slipway.backup;

/**
 * Protects one chunk: AES-256-GCM when the archive is encrypted, CRC32C when not. Both bind the
 * chunk's index and whether it is the last one, so reordered, dropped or appended chunks fail to open.
 */
interface ChunkSeal {
    /** Bytes a sealed chunk has beyond its data. */
    int overhead();

    /** Writes the sealed chunk into {@code out} and returns its length. */
    int seal(long index, boolean last, byte[] data, int length, byte[] out);

    /** Writes the chunk's data into {@code out} and returns its length, or -1 when the chunk does not open. */
    int open(long index, boolean last, byte[] sealed, int length, byte[] out);

    /** What failing to open means, for the error message. */
    String failure();
}
