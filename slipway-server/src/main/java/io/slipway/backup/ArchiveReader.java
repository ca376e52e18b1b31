package io.slipway.backup;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads and verifies the archive format described in {@link BackupArchive}. */
final class ArchiveReader {
    private ArchiveReader() {
    }

    /** Streams the content to {@code destination} as it is verified; the caller discards it if this throws. */
    static ArchiveInfo read(Path archive, byte[] key, OutputStream destination) throws IOException {
        try (InputStream file = Files.newInputStream(archive)) {
            ByteCount stored = new ByteCount();
            InputStream in = stored.of(new BufferedInputStream(file, ArchiveWriter.BUFFER));
            ArchiveHeader header = ArchiveHeader.read(in, archive);
            ChunkReader chunks = new ChunkReader(in, seal(header, key, archive), header.chunkSize(), archive,
                    ArchiveHeader.LENGTH);
            ContentCopy.Result content = copy(chunks, destination, header.compressed(), archive);
            ArchiveTrailer trailer = ArchiveTrailer.read(in, archive, chunks.chunks());
            if (in.read() >= 0) {
                throw new BackupCorruptException(archive, "unexpected data after the trailer");
            }
            trailer.verify(content.bytes(), content.sha256(), archive);
            return new ArchiveInfo(content.bytes(), content.sha256(), stored.bytes(), header.compressed(),
                    header.encrypted());
        }
    }

    /** A key given for an unencrypted archive is not needed and not an error. */
    private static ChunkSeal seal(ArchiveHeader header, byte[] key, Path archive) {
        if (!header.encrypted()) {
            return new Crc32cSeal();
        }
        return header.fileKey().opening(key, header.hash(), archive);
    }

    private static ContentCopy.Result copy(ChunkReader chunks, OutputStream out, boolean compressed, Path archive)
            throws IOException {
        if (!compressed) {
            return ContentCopy.copy(chunks, out);
        }
        ContentCopy.Result content;
        try (InputStream gunzip = new GZIPInputStream(chunks, ArchiveWriter.BUFFER)) {
            content = ContentCopy.copy(gunzip, out);
        } catch (ZipException | EOFException e) {
            throw new BackupCorruptException(archive, "compressed content is damaged: " + e.getMessage());
        }
        long extra = chunks.drain();
        if (extra > 0) {
            throw new BackupCorruptException(archive, extra + " bytes after the end of the compressed content");
        }
        return content;
    }
}
