package io.slipway.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and SHA-256-hashes the bytes that pass through one stream, read or written. */
final class Fingerprint {
    private final MessageDigest sha256 = Digests.sha256();
    private long bytes;

    /** The bytes read through the returned stream are counted; it must be read, not skipped. */
    InputStream of(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    add(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    add(buffer, offset, n);
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
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                add(buffer, offset, length);
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

    /** Lowercase hex; call once, after the last byte. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void add(byte[] buffer, int offset, int length) {
        sha256.update(buffer, offset, length);
        bytes += length;
    }
}
