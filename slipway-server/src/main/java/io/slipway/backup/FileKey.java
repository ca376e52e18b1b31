package io.slipway.backup;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What an encrypted file's header records about its key: which backup key sealed it (the first 8
 * bytes of SHA-256(key), so a wrong key is reported as such rather than as damage) and the random
 * salt from which the file's own AES key is derived ({@link GcmSeal}). Shared by backup archives
 * and PITR replica files, so both check a key the same way and say the same thing when it is wrong.
 */
record FileKey(byte[] keyId, byte[] salt) {
    static final int KEY_ID_BYTES = 8;
    static final int SALT_BYTES = 16;

    /** Zeros: what an unencrypted archive's header holds in these fields. */
    static FileKey none() {
        return new FileKey(new byte[KEY_ID_BYTES], new byte[SALT_BYTES]);
    }

    /** A fresh salt for one file sealed with {@code key}. */
    static FileKey create(byte[] key, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new FileKey(keyId(key), salt);
    }

    static byte[] keyId(byte[] key) {
        return Arrays.copyOf(Digests.sha256(key), KEY_ID_BYTES);
    }

    /** The seal that writes the file's chunks; {@code headerHash} binds its header into every chunk. */
    ChunkSeal sealing(byte[] key, byte[] headerHash) {
        return new GcmSeal(key, salt, headerHash);
    }

    /**
     * The seal that opens the file's chunks, once {@code key} is known to be the one that sealed them.
     *
     * @throws BackupCorruptException naming {@code file} when no key was given or it is another key
     */
    ChunkSeal opening(byte[] key, byte[] headerHash, Path file) {
        if (key == null) {
            throw new BackupCorruptException(file, "encrypted, but no key was given");
        }
        ArchiveOptions.requireKeyLength(key);
        byte[] given = keyId(key);
        if (!Arrays.equals(given, keyId)) {
            throw new BackupCorruptException(file, "wrong key (key id " + HexFormat.of().formatHex(given)
                    + ", expected " + HexFormat.of().formatHex(keyId) + ")");
        }
        return sealing(key, headerHash);
    }
}
