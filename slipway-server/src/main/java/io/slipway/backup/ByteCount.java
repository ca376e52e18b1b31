package io.slipway.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Counts the bytes that pass through one stream, read or written: an archive's stored size. */
final class ByteCount {
    private long bytes;

    /** The bytes read through the returned stream are counted; it must be read, not skipped. */
    InputStream of(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    bytes++;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    bytes += n;
                }
                return n;
            }
        };
    }

    /** The bytes written through the returned stream are counted; closing it does not close {@code out}. */
    OutputStream of(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes++;
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                bytes += length;
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    long bytes() {
        return bytes;
    }
}
