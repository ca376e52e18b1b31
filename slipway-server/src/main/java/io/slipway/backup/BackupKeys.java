package io.slipway.backup;

import io.slipway.config.BackupConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads backup encryption keys: 32 bytes written as base64 (what {@code openssl rand -base64 32}
 * prints) or as 64 hex digits, from a string, a key file or an environment variable. Errors name
 * the source and the length found, never the key.
 */
public final class BackupKeys {
    private static final String HOW = " (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)";
    /** An even run of hex digits: base64 of 32 bytes is 44 characters ending in '=', so it never looks like this. */
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

    private BackupKeys() {
    }

    /**
     * Decodes a key written as base64 (standard or URL-safe) or hex.
     *
     * @param source where the text came from, for the error message (a variable name, a file, a config path)
     * @throws BackupKeyException when the text is empty, not base64 or hex, or not 32 bytes
     */
    public static byte[] decode(String base64OrHex, String source) {
        String text = base64OrHex == null ? "" : base64OrHex.strip();
        if (text.isEmpty()) {
            throw new BackupKeyException(source + ": empty, a key is 32 bytes" + HOW);
        }
        byte[] key = HEX.matcher(text).matches() ? HexFormat.of().parseHex(text) : base64(text, source);
        if (key.length != ArchiveOptions.KEY_BYTES) {
            throw new BackupKeyException(source + ": " + key.length + " bytes, a key is 32" + HOW);
        }
        return key;
    }

    /** Reads a key file holding the key as base64 or hex (surrounding whitespace and a final newline are fine). */
    public static byte[] load(Path keyFile) {
        try {
            return decode(new String(Files.readAllBytes(keyFile), StandardCharsets.ISO_8859_1), keyFile.toString());
        } catch (NoSuchFileException e) {
            throw new BackupKeyException(keyFile + ": no such key file", e);
        } catch (IOException e) {
            throw new BackupKeyException(keyFile + ": cannot read the key file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a key from an environment variable.
     *
     * @param env the environment, {@code System.getenv()} in production
     * @throws BackupKeyException when the variable is unset, empty, or not a key
     */
    public static byte[] fromEnv(String variable, Map<String, String> env) {
        String value = env.get(variable);
        if (value == null) {
            throw new BackupKeyException(variable + ": not set; it should hold the backup key" + HOW);
        }
        return decode(value, variable);
    }

    /**
     * The key a backup config names, or null when its backups are not encrypted: the key file when
     * there is one, else the environment variable. One place, so that backups and the PITR replica of
     * an app always use the same key.
     *
     * @param env the environment, {@code System.getenv()} in production
     * @throws BackupKeyException when the named key cannot be read or is not a key
     */
    public static byte[] configured(BackupConfig backup, Map<String, String> env) {
        if (backup.keyFile() != null) {
            return load(backup.keyFile());
        }
        return backup.keyEnv() == null ? null : fromEnv(backup.keyEnv(), env);
    }

    /** The first 8 bytes of SHA-256(key), in hex: identifies a key in an archive header without revealing it. */
    public static String keyId(byte[] key) {
        return HexFormat.of().formatHex(FileKey.keyId(key));
    }

    private static byte[] base64(String text, String source) {
        try {
            return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(text);
        } catch (IllegalArgumentException e) {
            throw new BackupKeyException(source + ": neither base64 nor hex, a key is 32 bytes" + HOW);
        }
    }
}
