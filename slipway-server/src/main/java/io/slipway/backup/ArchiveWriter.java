package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.zip.GZIPOutputStream;

/** Writes the archive format described in {@link BackupArchive} to a stream. */
final class ArchiveWriter {
    static final int BUFFER = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ArchiveWriter() {
    }

    static ArchiveInfo write(InputStream source, OutputStream file, ArchiveOptions options) throws IOException {
        ArchiveHeader header = ArchiveHeader.create(options, RANDOM);
        Fingerprint stored = new Fingerprint();
        OutputStream out = stored.of(file);
        out.write(header.encode());
        Fingerprint content = new Fingerprint();
        ChunkWriter chunks = new ChunkWriter(out, seal(header, options), header.chunkSize());
        copy(content.of(source), chunks, header.compressed());
        chunks.close();
        String contentSha256 = content.sha256Hex();
        out.write(new ArchiveTrailer(content.bytes(), contentSha256).encode());
        out.flush();
        return new ArchiveInfo(content.bytes(), contentSha256, stored.bytes(), stored.sha256Hex(),
                header.compressed(), header.encrypted());
    }

    private static ChunkSeal seal(ArchiveHeader header, ArchiveOptions options) {
        return header.encrypted() ? new GcmSeal(options.key(), header) : new Crc32cSeal();
    }

    /** Closing the gzip stream finishes it and closes the chunk writer, which writes the last chunk. */
    private static void copy(InputStream source, ChunkWriter chunks, boolean compress) throws IOException {
        if (!compress) {
            source.transferTo(chunks);
            return;
        }
        try (OutputStream gzip = new GZIPOutputStream(chunks, BUFFER)) {
            source.transferTo(gzip);
        }
    }
}
