package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The body of a replica file as it is stored: the gzip'ed pages as they are, or, when the file is
 * encrypted, cut into chunks and sealed with the archive's machinery ({@link ChunkWriter},
 * {@link ChunkReader}, {@link GcmSeal}), so a replica is exactly as hard to read or forge as a
 * backup made with the same key, and memory stays bounded by the chunk size whatever the file's.
 */
final class ReplicaBody {
    /** As in backup archives: memory stays at a few MiB however large a snapshot is. */
    static final int MAX_CHUNK_SIZE = ArchiveHeader.DEFAULT_CHUNK_SIZE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplicaBody() {
    }

    /** The header a file written with {@code key} gets: unchanged without one, else with a fresh salt. */
    static ReplicaFileHeader header(ReplicaFileHeader header, byte[] key) {
        if (key == null) {
            return header;
        }
        ArchiveOptions.requireKeyLength(key);
        return header.sealedWith(new ReplicaFileHeader.Sealing(chunkSize(header), FileKey.create(key, RANDOM)));
    }

    /**
     * Just large enough for the gzip'ed pages, up to {@link #MAX_CHUNK_SIZE}: capture writes a segment of
     * a few pages every poll, and each would otherwise allocate 2 MiB of buffers. Deflate grows even
     * incompressible pages by well under 0.1 %, plus a few bytes of framing; a guess too small only
     * means a second chunk.
     */
    static int chunkSize(ReplicaFileHeader header) {
        long pages = (long) header.pageCount() * (Integer.BYTES + header.pageSize());
        return (int) Math.min(MAX_CHUNK_SIZE, pages + pages / 1024 + 64);
    }

    /** Where the gzip'ed pages go: {@code stored} itself, or chunks sealed into it. Never closes {@code stored}. */
    static OutputStream sealing(OutputStream stored, ReplicaFileHeader header, byte[] key) {
        if (!header.encrypted()) {
            return stored;
        }
        ReplicaFileHeader.Sealing sealing = header.sealing();
        return new ChunkWriter(stored, sealing.key().sealing(key, header.sealedHash()), sealing.chunkSize());
    }

    /**
     * The gzip'ed pages read from {@code stored}: it itself, or chunks opened (authenticated) one at a time.
     *
     * @throws BackupCorruptException when the file is encrypted and {@code key} is missing or another key
     */
    static InputStream opening(InputStream stored, ReplicaFileHeader header, byte[] key, Path file) {
        if (!header.encrypted()) {
            return stored;
        }
        ReplicaFileHeader.Sealing sealing = header.sealing();
        ChunkSeal seal = sealing.key().opening(key, header.sealedHash(), file);
        return new ChunkReader(stored, seal, sealing.chunkSize(), file, header.size());
    }

    /**
     * Reads what follows the pages: an encrypted body must go on to its last chunk and end there; a
     * plaintext one is read to its end for the digest.
     */
    static void finish(InputStream body, InputStream stored, Path file) throws IOException {
        if (body instanceof ChunkReader chunks) {
            long extra = chunks.drain();
            if (extra > 0 || stored.read() != -1) {
                throw new BackupCorruptException(file, "corrupt: data after the last page");
            }
        }
        stored.transferTo(OutputStream.nullOutputStream());
    }
}
