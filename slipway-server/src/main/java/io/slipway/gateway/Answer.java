package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One response as mirroring compares it: status code, body length and CRC32C of the body, fed
 * part by part as the body streams past, so nothing is held or copied.
 *
 * <p>CRC32C rather than a cryptographic or 128-bit hash: the JDK computes it with the CPU's CRC
 * instructions straight from direct buffers, so the primary's body costs about a memory read; the
 * length is compared too, and a 1 in 2^32 chance of missing one differing body is no risk for a
 * rate over many requests.
 */
final class Answer {
    private final CRC32C crc = new CRC32C();
    int status;
    long length;
    /** When the last body part arrived ({@link System#nanoTime()}). */
    long completedNanos;

    void body(ByteBuf part) {
        int n = part.readableBytes();
        if (n == 0) {
            return;
        }
        length += n;
        if (part.nioBufferCount() == 1) {
            crc.update(part.nioBuffer());
        } else {
            for (ByteBuffer b : part.nioBuffers()) {
                crc.update(b);
            }
        }
    }

    void complete() {
        completedNanos = System.nanoTime();
    }

    boolean sameBody(Answer other) {
        return length == other.length && crc.getValue() == other.crc.getValue();
    }
}
