package io.slipway.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fixed header of a snapshot or segment file. Everything after it is the body: the gzip'ed
 * {@code pageCount} times a 4-byte page number and the page, stored as it is (version 1) or, in
 * an encrypted file (version 2), sealed in chunks as a backup archive's content is: AES-256-GCM
 * under a key of the file's own, derived from the backup key and the header's salt ({@link GcmSeal},
 * {@link FileKey}), each chunk bound to SHA-256 of the header as it was before the body was written
 * ({@link #sealedHash}), so a header swapped from another file fails authentication.
 *
 * <p>{@code digest} is SHA-256(header fields ‖ SHA-256(stored body)), so a flipped byte anywhere,
 * header included, and a truncated body are both caught before the file is used, with or without
 * the key. Headers are readable without the key, so listing and the restore window stay cheap.
 *
 * <pre>
 * version 1, 96 bytes:  magic "SLPWSNP1" / "SLPWSEG1" (8) | index (8) | capturedAtMillis (8) | pageSize (4)
 *                       | checkpointSeq, salt1, salt2, firstFrame, lastFrame, dbSizePages, pageCount (4 each)
 *                       | bodyLength (8) | digest (32)
 * version 2, 128 bytes: the same with magic "SLPWSNP2" / "SLPWSEG2", and before the digest: flags (4: 1 =
 *                       AES-256-GCM, the only kind so far) | chunk size (4) | key id (8) | salt (16)
 * </pre>
 *
 * <p>{@code checkpointSeq}, {@code salt1} and {@code salt2} name the WAL cycle the file belongs
 * to and {@code firstFrame..lastFrame} the frames it covers (for a snapshot: the frame it is
 * consistent with), which lets verify check that consecutive files join without a gap.
 *
 * @param index            position in the generation's chain: a segment's own number; for a
 *                         snapshot, the number of the first segment that applies on top of it
 * @param capturedAtMillis when capture read these frames; a restore to T uses files captured at or before T
 * @param sealing          how the body is encrypted, or null for a plaintext (version 1) file
 */
record ReplicaFileHeader(Kind kind, long index, long capturedAtMillis, int pageSize, int checkpointSeq, int salt1,
                         int salt2, int firstFrame, int lastFrame, int dbSizePages, int pageCount, long bodyLength,
                         byte[] digest, Sealing sealing) {
    /** The size of a version 1 header, the shortest there is. */
    static final int SIZE = 96;
    static final int SEALED_SIZE = 128;
    private static final int DIGEST_BYTES = 32;
    private static final int ENCRYPTED = 1;

    /** What a replica file holds; the magic is the first 8 bytes of the file, its last the format version. */
    enum Kind {
        SNAPSHOT("SLPWSNP", ".snap"), SEGMENT("SLPWSEG", ".seg");

        final String magic;
        final String suffix;

        Kind(String magic, String suffix) {
            this.magic = magic;
            this.suffix = suffix;
        }

        byte[] magic(int version) {
            return (magic + version).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * How an encrypted file's body is sealed.
     *
     * @param chunkSize the largest chunk's data, at most {@link ArchiveHeader#MAX_CHUNK_SIZE}
     */
    record Sealing(int chunkSize, FileKey key) {
    }

    /** A header for a file about to be written; length and digest are filled in once the body is. */
    static ReplicaFileHeader of(Kind kind, long index, long capturedAtMillis, int pageSize, WalPosition cycle,
                                int firstFrame, int lastFrame, int dbSizePages, int pageCount) {
        return new ReplicaFileHeader(kind, index, capturedAtMillis, pageSize, cycle.checkpointSeq(), cycle.salt1(),
                cycle.salt2(), firstFrame, lastFrame, dbSizePages, pageCount, 0, new byte[DIGEST_BYTES], null);
    }

    ReplicaFileHeader withBody(long length, byte[] newDigest) {
        return new ReplicaFileHeader(kind, index, capturedAtMillis, pageSize, checkpointSeq, salt1, salt2, firstFrame,
                lastFrame, dbSizePages, pageCount, length, newDigest, sealing);
    }

    ReplicaFileHeader sealedWith(Sealing newSealing) {
        return new ReplicaFileHeader(kind, index, capturedAtMillis, pageSize, checkpointSeq, salt1, salt2, firstFrame,
                lastFrame, dbSizePages, pageCount, bodyLength, digest, newSealing);
    }

    boolean encrypted() {
        return sealing != null;
    }

    /** This header's length in the file. */
    int size() {
        return encrypted() ? SEALED_SIZE : SIZE;
    }

    /** The bytes the digest covers: all but the digest. */
    byte[] fields() {
        ByteBuffer b = ByteBuffer.allocate(size() - DIGEST_BYTES);
        b.put(kind.magic(encrypted() ? 2 : 1)).putLong(index).putLong(capturedAtMillis).putInt(pageSize);
        b.putInt(checkpointSeq).putInt(salt1).putInt(salt2).putInt(firstFrame).putInt(lastFrame);
        b.putInt(dbSizePages).putInt(pageCount).putLong(bodyLength);
        if (encrypted()) {
            b.putInt(ENCRYPTED).putInt(sealing.chunkSize()).put(sealing.key().keyId()).put(sealing.key().salt());
        }
        return b.array();
    }

    /** What every sealed chunk is bound to: SHA-256 of the fields known before the body is written (length zero). */
    byte[] sealedHash() {
        return Digests.sha256(withBody(0, null).fields());
    }

    byte[] encode() {
        return ByteBuffer.allocate(size()).put(fields()).put(digest).array();
    }

    /**
     * The length of the header that starts with {@code magic} (at least its first 8 bytes).
     *
     * @throws IllegalArgumentException saying why it is not a header this Slipway reads
     */
    static int length(byte[] magic) {
        kind(magic);
        char version = (char) magic[7];
        return switch (version) {
            case '1' -> SIZE;
            case '2' -> SEALED_SIZE;
            default -> throw new IllegalArgumentException("format version " + version + ", this Slipway reads versions"
                    + " 1 and 2 (written by a newer Slipway, or the header is damaged)");
        };
    }

    /** The header in {@code bytes}, of the {@link #length} its magic says, or a message saying why it is not one. */
    static ReplicaFileHeader decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Kind kind = kind(bytes);
        b.position(8);
        ReplicaFileHeader h = new ReplicaFileHeader(kind, b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getInt(),
                b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getLong(), new byte[DIGEST_BYTES],
                length(bytes) == SEALED_SIZE ? sealing(b) : null);
        b.get(h.digest);
        return h;
    }

    private static Kind kind(byte[] bytes) {
        String prefix = new String(bytes, 0, 7, StandardCharsets.ISO_8859_1);
        return Arrays.stream(Kind.values()).filter(k -> k.magic.equals(prefix)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("not a replica file (magic "
                        + new String(bytes, 0, 8, StandardCharsets.ISO_8859_1) + ")"));
    }

    private static Sealing sealing(ByteBuffer b) {
        int flags = b.getInt();
        if (flags != ENCRYPTED) {
            throw new IllegalArgumentException("header: unknown flags 0x%08x".formatted(flags));
        }
        int chunkSize = b.getInt();
        byte[] keyId = new byte[FileKey.KEY_ID_BYTES];
        byte[] salt = new byte[FileKey.SALT_BYTES];
        b.get(keyId).get(salt);
        return new Sealing(chunkSize, new FileKey(keyId, salt));
    }

    /** Guards against a flipped bit turning into a huge allocation before the digest is checked. */
    boolean plausible() {
        boolean pageSizeOk = pageSize >= 512 && pageSize <= 65536 && Integer.bitCount(pageSize) == 1;
        boolean chunkSizeOk = !encrypted()
                || sealing.chunkSize() >= 1 && sealing.chunkSize() <= ArchiveHeader.MAX_CHUNK_SIZE;
        return pageSizeOk && chunkSizeOk && pageCount >= 0 && pageCount <= dbSizePages && bodyLength >= 0;
    }

    /** Whether the first frame of {@code next} continues exactly where this file ends. */
    boolean joins(ReplicaFileHeader next) {
        boolean sameCycle = next.checkpointSeq == checkpointSeq && next.salt1 == salt1 && next.salt2 == salt2;
        return sameCycle ? next.firstFrame == lastFrame + 1 : next.firstFrame == 1;
    }
}
