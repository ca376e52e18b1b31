package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/** Writes the archive format described in {@link BackupArchive} to a stream. */
final class ArchiveWriter {
    static final int BUFFER = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ArchiveWriter() {
    }

    static ArchiveInfo write(InputStream source, OutputStream file, ArchiveOptions options) throws IOException {
        ArchiveHeader header = ArchiveHeader.create(options, RANDOM);
        ByteCount stored = new ByteCount();
        OutputStream out = stored.of(file);
        out.write(header.encode());
        ChunkWriter chunks = new ChunkWriter(out, seal(header, options), header.chunkSize());
        ContentCopy.Result content = copy(source, chunks, header.compressed());
        chunks.close();
        out.write(new ArchiveTrailer(content.bytes(), content.sha256()).encode());
        out.flush();
        return new ArchiveInfo(content.bytes(), content.sha256(), stored.bytes(), header.compressed(), header.encrypted());
    }

    private static ChunkSeal seal(ArchiveHeader header, ArchiveOptions options) {
        return header.encrypted() ? header.fileKey().sealing(options.key(), header.hash()) : new Crc32cSeal();
    }

    /** Closing the gzip stream finishes it and closes the chunk writer, which writes the last chunk. */
    private static ContentCopy.Result copy(InputStream source, ChunkWriter chunks, boolean compress) throws IOException {
        if (!compress) {
            return ContentCopy.copy(source, chunks);
        }
        try (OutputStream gzip = new FastGzip(chunks)) {
            return ContentCopy.copy(source, gzip);
        }
    }
}
