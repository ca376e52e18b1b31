package io.slipway.backup;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869), which Java 17 lacks; derives each archive's own key from the backup key. */
final class Hkdf {
    private static final String HMAC = "HmacSHA256";

    private Hkdf() {
    }

    static byte[] sha256(byte[] inputKey, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, HMAC));
            mac.init(new SecretKeySpec(mac.doFinal(inputKey), HMAC));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            for (int i = 1, filled = 0; filled < length; i++, filled += block.length) {
                mac.update(block);
                mac.update(info);
                block = mac.doFinal(new byte[] {(byte) i});
                System.arraycopy(block, 0, out, filled, Math.min(block.length, length - filled));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }
}
