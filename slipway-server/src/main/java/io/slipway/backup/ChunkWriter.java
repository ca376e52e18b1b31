package io.slipway.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Cuts a stream into sealed chunks, each framed by a 4-byte big-endian length whose top bit marks
 * the last chunk. A full chunk is held back until more data arrives, so that the last one, written by
 * {@link #close}, can be marked; empty content makes one empty last chunk. Does not close {@code out}.
 */
final class ChunkWriter extends OutputStream {
    static final int LAST = 0x8000_0000;

    private final DataOutputStream out;
    private final ChunkSeal seal;
    private final byte[] chunk;
    private final byte[] sealed;
    private int filled;
    private long index;
    private boolean closed;

    ChunkWriter(OutputStream out, ChunkSeal seal, int chunkSize) {
        this.out = new DataOutputStream(out);
        this.seal = seal;
        this.chunk = new byte[chunkSize];
        this.sealed = new byte[chunkSize + seal.overhead()];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        while (length > 0) {
            if (filled == chunk.length) {
                emit(false);
            }
            int n = Math.min(length, chunk.length - filled);
            System.arraycopy(buffer, offset, chunk, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    /** Writes the last chunk. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            emit(true);
        }
    }

    /** Chunks written so far. */
    long chunks() {
        return index;
    }

    private void emit(boolean last) throws IOException {
        int length = seal.seal(index, last, chunk, filled, sealed);
        out.writeInt(last ? LAST | length : length);
        out.write(sealed, 0, length);
        index++;
        filled = 0;
    }
}
