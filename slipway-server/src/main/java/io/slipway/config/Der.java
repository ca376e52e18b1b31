package io.slipway.config;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER (ASN.1) needed to turn legacy PEM keys (PKCS#1 RSA, SEC1 EC) into the PKCS#8
 * form the JDK reads: build a TLV, walk the elements of a SEQUENCE.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** One element: tag, length, then {@code content} (concatenated). */
    static byte[] tlv(int tag, byte[]... content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : content) {
            body.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 6);
        out.write(tag);
        int length = body.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /**
     * The whole element (tag, length, content) with tag {@code tag} directly inside the SEQUENCE
     * {@code der}, or null if there is none.
     *
     * @throws IllegalArgumentException if {@code der} is not a well-formed SEQUENCE
     */
    static byte[] child(byte[] der, int tag) {
        int[] outer = header(der, 0);
        if ((der[0] & 0xff) != SEQUENCE || outer[0] + outer[1] > der.length) {
            throw new IllegalArgumentException("not a DER sequence");
        }
        for (int at = outer[0], end = outer[0] + outer[1]; at < end; ) {
            int[] h = header(der, at);
            int next = h[0] + h[1];
            if (next > end) {
                throw new IllegalArgumentException("DER element overruns its sequence");
            }
            if ((der[at] & 0xff) == tag) {
                return Arrays.copyOfRange(der, at, next);
            }
            at = next;
        }
        return null;
    }

    /** The content of the single element {@code element}. */
    static byte[] content(byte[] element) {
        int[] h = header(element, 0);
        return Arrays.copyOfRange(element, h[0], h[0] + h[1]);
    }

    /** {where the content of the element at {@code at} starts, its length}. */
    private static int[] header(byte[] der, int at) {
        if (at + 2 > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {at + 2, first};
        }
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3 || at + 2 + bytes > der.length) {
            throw new IllegalArgumentException("unsupported DER length");
        }
        int length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (der[at + 2 + i] & 0xff);
        }
        return new int[] {at + 2 + bytes, length};
    }
}
