package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies an archive's content and computes its SHA-256 on a thread of its own, so that hashing
 * (about 0.6 s per GiB even with the CPU's SHA instructions) overlaps reading, sealing and writing
 * instead of adding to them: the difference between a backup as fast as {@code sqlite3 .backup}
 * and one at half its speed on two cores. Blocks go round a ring of {@value #DEPTH} buffers; a
 * buffer is refilled only once its hash is done (the sink copies what it keeps before returning).
 */
final class ContentCopy {
    static final int BLOCK = 1 << 20;
    static final int DEPTH = 4;

    /**
     * @param bytes  how many bytes were copied
     * @param sha256 their SHA-256, lowercase hex
     */
    record Result(long bytes, String sha256) {
    }

    private ContentCopy() {
    }

    /** Reads {@code in} to its end into {@code out}; closes neither. */
    static Result copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha256 = Digests.sha256();
        ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "backup-sha256");
            t.setDaemon(true);
            return t;
        });
        byte[][] blocks = new byte[DEPTH][BLOCK];
        Future<?>[] hashing = new Future<?>[DEPTH];
        long bytes = 0;
        try {
            for (int i = 0; ; i = (i + 1) % DEPTH) {
                await(hashing[i]);
                byte[] block = blocks[i];
                int n = in.readNBytes(block, 0, BLOCK);
                if (n == 0) {
                    break;
                }
                hashing[i] = hasher.submit(() -> sha256.update(block, 0, n));
                out.write(block, 0, n);
                bytes += n;
            }
            for (Future<?> f : hashing) {
                await(f);
            }
        } finally {
            hasher.shutdownNow();
        }
        return new Result(bytes, HexFormat.of().formatHex(sha256.digest()));
    }

    private static void await(Future<?> hashed) throws IOException {
        if (hashed == null) {
            return;
        }
        try {
            hashed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing backup content");
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing backup content failed", e.getCause());
        }
    }
}
