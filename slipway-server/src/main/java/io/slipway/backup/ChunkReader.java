package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads back what {@link ChunkWriter} wrote, opening (verifying) each chunk before any of its bytes
 * are handed on, and ends only at a chunk marked last: a file cut at a chunk boundary is reported
 * as truncated, not taken for shorter content. Holds one chunk at a time.
 */
final class ChunkReader extends InputStream {
    private final InputStream in;
    private final ChunkSeal seal;
    private final Path file;
    private final int chunkSize;
    private final byte[] sealed;
    private final byte[] chunk;
    private int position;
    private int limit;
    private long index;
    private long offset;
    private boolean lastSeen;

    /** @param firstChunkAt the byte offset of the first chunk's frame in the file, to locate damage */
    ChunkReader(InputStream in, ChunkSeal seal, int chunkSize, Path file, long firstChunkAt) {
        this.in = in;
        this.offset = firstChunkAt;
        this.seal = seal;
        this.file = file;
        this.chunkSize = chunkSize;
        this.sealed = new byte[chunkSize + seal.overhead()];
        this.chunk = new byte[chunkSize];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int length) throws IOException {
        while (position == limit) {
            if (lastSeen) {
                return -1;
            }
            next();
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(chunk, position, buffer, off, n);
        position += n;
        return n;
    }

    /** Reads and verifies the chunks not yet read, through the last; returns how many data bytes they held. */
    long drain() throws IOException {
        long rest = limit - position;
        position = limit;
        while (!lastSeen) {
            next();
            rest += limit;
            position = limit;
        }
        return rest;
    }

    /** Chunks read so far. */
    long chunks() {
        return index;
    }

    private void next() throws IOException {
        byte[] frame = in.readNBytes(Integer.BYTES);
        if (frame.length < Integer.BYTES) {
            throw corrupt("truncated after " + (index == 0 ? "the header" : "chunk " + index));
        }
        int word = ByteBuffer.wrap(frame).getInt();
        boolean last = (word & ChunkWriter.LAST) != 0;
        int length = word & ~ChunkWriter.LAST;
        if (length < seal.overhead() || length > chunkSize + seal.overhead()) {
            throw corrupt(where() + " is damaged (impossible length " + length + ")");
        }
        if (in.readNBytes(sealed, 0, length) < length) {
            throw corrupt("truncated in " + where());
        }
        open(last, length);
    }

    private void open(boolean last, int length) {
        int opened = seal.open(index, last, sealed, length, chunk);
        if (opened < 0) {
            throw corrupt(where() + " " + seal.failure());
        }
        offset += Integer.BYTES + length;
        position = 0;
        limit = opened;
        lastSeen = last;
        index++;
    }

    private String where() {
        return "chunk " + (index + 1) + " (byte " + offset + ")";
    }

    private BackupCorruptException corrupt(String problem) {
        return new BackupCorruptException(file, problem);
    }
}
