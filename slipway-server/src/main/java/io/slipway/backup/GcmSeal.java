package io.slipway.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An encrypted chunk: AES-256-GCM with a 128-bit tag, in the STREAM construction that age and
 * Tink's streaming AEAD use. Each file (archive or PITR replica file) gets its own key, HKDF-SHA256
 * of the backup key and its header's random salt, so one backup key can seal any number of files
 * without nonce reuse; a nonce is 8 more HKDF bytes followed by the 4-byte chunk counter. The associated data is the
 * header's SHA-256, the chunk index and the last-chunk flag, so changing the header, reordering
 * chunks, dropping the tail or appending after the last chunk all fail authentication.
 */
final class GcmSeal implements ChunkSeal {
    private static final byte[] INFO = "slipway backup archive v1 chunk key".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_BYTES = 16;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_PREFIX_BYTES = 8;
    private static final long MAX_CHUNKS = 1L << 32;

    private final SecretKeySpec key;
    private final byte[] noncePrefix;
    private final byte[] headerHash;
    private final Cipher cipher;

    /** @param headerHash SHA-256 of the file's header, bound into every chunk */
    GcmSeal(byte[] backupKey, byte[] salt, byte[] headerHash) {
        byte[] derived = Hkdf.sha256(backupKey, salt, INFO, KEY_BYTES + NONCE_PREFIX_BYTES);
        this.key = new SecretKeySpec(derived, 0, KEY_BYTES, "AES");
        this.noncePrefix = Arrays.copyOfRange(derived, KEY_BYTES, derived.length);
        this.headerHash = headerHash.clone();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES/GCM/NoPadding", e);
        }
    }

    @Override
    public int overhead() {
        return TAG_BYTES;
    }

    @Override
    public int seal(long index, boolean last, byte[] data, int length, byte[] out) {
        if (index >= MAX_CHUNKS) {
            throw new IllegalArgumentException("content too large for one archive: more than 2^32 chunks");
        }
        try {
            start(Cipher.ENCRYPT_MODE, index, last);
            return cipher.doFinal(data, 0, length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM could not seal chunk " + (index + 1), e);
        }
    }

    @Override
    public int open(long index, boolean last, byte[] sealed, int length, byte[] out) {
        if (index >= MAX_CHUNKS) {
            return -1;
        }
        try {
            start(Cipher.DECRYPT_MODE, index, last);
            return cipher.doFinal(sealed, 0, length, out, 0);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM could not open chunk " + (index + 1), e);
        }
    }

    @Override
    public String failure() {
        return "fails authentication: corrupted, or the wrong key";
    }

    private void start(int mode, long index, boolean last) throws GeneralSecurityException {
        byte[] nonce = ByteBuffer.allocate(NONCE_PREFIX_BYTES + 4).put(noncePrefix).putInt((int) index).array();
        cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(ByteBuffer.allocate(headerHash.length + Long.BYTES + 1)
                .put(headerHash).putLong(index).put((byte) (last ? 1 : 0)).array());
    }
}
