package io.slipway.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Writes and reads snapshot and segment files (format: {@link ReplicaFileHeader}).
 *
 * <p>Writes are durable and all-or-nothing: the file is built under a temporary name in the same
 * directory, forced to disk, renamed into place and the directory forced, so a crash leaves
 * either the whole file or none of it. Reads check everything and hand pages on as they go; the
 * caller writes them only to a scratch file that it throws away if the read ends in a
 * {@link ReplicaCorruptException}.
 */
final class ReplicaFiles {
    private ReplicaFiles() {
    }

    /** Receives the pages of a file, in page-number order. */
    @FunctionalInterface
    interface PageSink {
        void page(int pageNumber, byte[] page) throws IOException;
    }

    /** Supplies page {@code pageNumber} (1-based) of a database image being written out. */
    @FunctionalInterface
    interface PageSource {
        byte[] page(int pageNumber) throws IOException;
    }

    /**
     * Writes {@code header}'s file with the pages {@code pageNumbers} (ascending) from {@code source},
     * encrypted with {@code key} unless it is null; returns its size.
     */
    static long write(Path file, ReplicaFileHeader plain, Iterable<Integer> pageNumbers, PageSource source, byte[] key)
            throws IOException {
        ReplicaFileHeader header = ReplicaBody.header(plain, key);
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.position(header.size());
            byte[] bodyDigest = writeBody(channel, header, key, pageNumbers, source);
            long length = channel.size() - header.size();
            ReplicaFileHeader done = header.withBody(length, digest(header.withBody(length, null), bodyDigest));
            channel.write(ByteBuffer.wrap(done.encode()), 0);
            channel.force(true);
        }
        publish(temp, file);
        return Files.size(file);
    }

    /** Writes the gzip'ed (and sealed) pages from the channel's position; returns the SHA-256 of what was written. */
    private static byte[] writeBody(FileChannel channel, ReplicaFileHeader header, byte[] key,
                                    Iterable<Integer> pageNumbers, PageSource source) throws IOException {
        MessageDigest bodyDigest = Digests.sha256();
        OutputStream stored = unclosable(new BufferedOutputStream(
                new DigestOutputStream(Channels.newOutputStream(channel), bodyDigest), 65536));
        try (DataOutputStream out = new DataOutputStream(new FastGzip(ReplicaBody.sealing(stored, header, key)))) {
            for (int pageNumber : pageNumbers) {
                out.writeInt(pageNumber);
                out.write(source.page(pageNumber));
            }
        }
        stored.flush();
        return bodyDigest.digest();
    }

    /**
     * Reads and checks {@code file}, handing its pages to {@code sink}; {@code key} opens an encrypted
     * file and is not needed for (and ignored by) a plaintext one.
     *
     * @throws ReplicaCorruptException when the file is missing, truncated, unreadable, fails its digest or
     *                                 authentication, or is encrypted and the key is missing or another
     */
    static ReplicaFileHeader read(Path file, byte[] key, PageSink sink) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            ReplicaFileHeader header = header(file, raw);
            try {
                return readBody(file, header, key, raw, sink);
            } catch (BackupCorruptException e) {
                // A damaged key id reads as another key, damage to the header as failed authentication: the digest tells.
                throw new ReplicaCorruptException(file, digestProblem(file, header).orElse(e.problem()));
            }
        } catch (NoSuchFileException e) {
            throw new ReplicaCorruptException(file, "missing");
        } catch (ZipException | EOFException e) {
            throw new ReplicaCorruptException(file, "corrupt: compressed pages unreadable (" + e.getMessage() + ")");
        }
    }

    private static ReplicaFileHeader readBody(Path file, ReplicaFileHeader header, byte[] key, InputStream raw,
                                              PageSink sink) throws IOException {
        MessageDigest bodyDigest = Digests.sha256();
        DigestInputStream stored = new DigestInputStream(new BufferedInputStream(raw, 65536), bodyDigest);
        InputStream body = ReplicaBody.opening(stored, header, key, file);
        readPages(file, header, new DataInputStream(new GZIPInputStream(body, 65536)), sink);
        ReplicaBody.finish(body, stored, file);
        Optional<String> problem = digestProblem(header, bodyDigest.digest());
        if (problem.isPresent()) {
            throw new ReplicaCorruptException(file, problem.get());
        }
        return header;
    }

    /** Reads the body again, only to tell damage from a wrong key once a file has failed to open. */
    private static Optional<String> digestProblem(Path file, ReplicaFileHeader header) throws IOException {
        MessageDigest bodyDigest = Digests.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(header.size());
            new DigestInputStream(in, bodyDigest).transferTo(OutputStream.nullOutputStream());
        }
        return digestProblem(header, bodyDigest.digest());
    }

    private static Optional<String> digestProblem(ReplicaFileHeader header, byte[] bodyDigest) {
        byte[] expected = digest(header.withBody(header.bodyLength(), null), bodyDigest);
        if (MessageDigest.isEqual(expected, header.digest())) {
            return Optional.empty();
        }
        return Optional.of("checksum mismatch: header says sha256 " + HexFormat.of().formatHex(header.digest())
                + ", content gives " + HexFormat.of().formatHex(expected));
    }

    /** Reads and checks only the header and the file's length; cheap enough for listing. */
    static ReplicaFileHeader header(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return header(file, in);
        } catch (NoSuchFileException e) {
            throw new ReplicaCorruptException(file, "missing");
        }
    }

    private static ReplicaFileHeader header(Path file, InputStream in) throws IOException {
        byte[] bytes = headerBytes(file, in);
        long size = Files.size(file);
        ReplicaFileHeader header = decode(file, bytes);
        if (!header.plausible()) {
            throw new ReplicaCorruptException(file, "corrupt: implausible header (page size " + header.pageSize()
                    + ", " + header.pageCount() + " of " + header.dbSizePages() + " pages)");
        }
        long expected = header.size() + header.bodyLength();
        if (size != expected) {
            throw new ReplicaCorruptException(file, (size < expected ? "truncated" : "corrupt") + ": header promises "
                    + expected + " bytes, file has " + size);
        }
        return header;
    }

    /** Page {@code pageNumber} of a database file; what lies past its end reads as zeros, as SQLite reads it too. */
    static byte[] readPage(FileChannel file, int pageNumber, int pageSize) throws IOException {
        ByteBuffer page = ByteBuffer.allocate(pageSize);
        long offset = (long) (pageNumber - 1) * pageSize;
        int read;
        do {
            read = file.read(page, offset + page.position());
        } while (read > 0 && page.hasRemaining());
        return page.array();
    }

    /** The whole header, of the length its magic says: {@code start} and, for a longer header, the rest of it. */
    private static byte[] headerBytes(Path file, InputStream in) throws IOException {
        byte[] start = in.readNBytes(ReplicaFileHeader.SIZE);
        boolean whole = start.length == ReplicaFileHeader.SIZE;
        int length = whole ? headerLength(file, start) : ReplicaFileHeader.SIZE;
        byte[] bytes = Arrays.copyOf(start, length);
        int read = start.length + (whole ? in.readNBytes(bytes, start.length, length - start.length) : 0);
        if (read < length) {
            throw new ReplicaCorruptException(file, "truncated: " + Files.size(file) + " bytes, shorter than the "
                    + length + "-byte header");
        }
        return bytes;
    }

    private static int headerLength(Path file, byte[] start) {
        try {
            return ReplicaFileHeader.length(start);
        } catch (IllegalArgumentException e) {
            throw new ReplicaCorruptException(file, e.getMessage());
        }
    }

    private static ReplicaFileHeader decode(Path file, byte[] bytes) {
        try {
            return ReplicaFileHeader.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new ReplicaCorruptException(file, e.getMessage());
        }
    }

    private static void readPages(Path file, ReplicaFileHeader header, DataInputStream in, PageSink sink)
            throws IOException {
        int previous = 0;
        for (int i = 0; i < header.pageCount(); i++) {
            int pageNumber = in.readInt();
            if (pageNumber <= previous || pageNumber > header.dbSizePages()) {
                throw new ReplicaCorruptException(file, "corrupt: page number " + pageNumber + " out of order or past "
                        + header.dbSizePages() + " pages");
            }
            byte[] page = new byte[header.pageSize()];
            in.readFully(page);
            sink.page(pageNumber, page);
            previous = pageNumber;
        }
        if (in.read() != -1) {
            throw new ReplicaCorruptException(file, "corrupt: more pages than the " + header.pageCount() + " in the header");
        }
    }

    private static byte[] digest(ReplicaFileHeader fieldsOnly, byte[] bodyDigest) {
        MessageDigest d = Digests.sha256();
        d.update(fieldsOnly.fields());
        return d.digest(bodyDigest);
    }

    /** Renames into place atomically, then forces the directory so the rename itself survives a crash. */
    static void publish(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.getParent());
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Closing the gzip stream must not close the channel: the header is written after the body. */
    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
