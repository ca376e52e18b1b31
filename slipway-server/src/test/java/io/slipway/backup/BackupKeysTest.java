package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupKeysTest {
    private static final byte[] KEY = HexFormat.of().parseHex(
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeefe");
    private static final String HOW = " (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)";

    @TempDir
    Path dir;

    @Test
    void decodesBase64AsOpensslPrintsIt() {
        String base64 = Base64.getEncoder().encodeToString(KEY);

        assertThat(base64).hasSize(44);
        assertThat(BackupKeys.decode(base64 + "\n", "test")).isEqualTo(KEY);
    }

    @Test
    void decodesUrlSafeBase64AndHex() {
        assertThat(BackupKeys.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(KEY), "test"))
                .isEqualTo(KEY);
        assertThat(BackupKeys.decode(HexFormat.of().withUpperCase().formatHex(KEY), "test")).isEqualTo(KEY);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedNamingTheSourceAndLength() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);

        assertThatThrownBy(() -> BackupKeys.fromEnv("SLIPWAY_BACKUP_KEY", Map.of("SLIPWAY_BACKUP_KEY", shortKey)))
                .isInstanceOf(BackupKeyException.class)
                .hasMessage("SLIPWAY_BACKUP_KEY: 31 bytes, a key is 32" + HOW);
        assertThatThrownBy(() -> BackupKeys.decode("ab".repeat(16), "backup.key"))
                .hasMessage("backup.key: 16 bytes, a key is 32" + HOW);
    }

    @Test
    void textThatIsNeitherBase64NorHexIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> BackupKeys.decode("correct horse battery staple!", "backup.key"))
                .isInstanceOf(BackupKeyException.class)
                .hasMessage("backup.key: neither base64 nor hex, a key is 32 bytes" + HOW)
                .message().doesNotContain("horse");
    }

    @Test
    void anEmptyOrMissingKeyIsRefused() {
        assertThatThrownBy(() -> BackupKeys.decode("  \n", "backup.key"))
                .hasMessage("backup.key: empty, a key is 32 bytes" + HOW);
        assertThatThrownBy(() -> BackupKeys.fromEnv("SLIPWAY_BACKUP_KEY", Map.of()))
                .isInstanceOf(BackupKeyException.class)
                .hasMessageStartingWith("SLIPWAY_BACKUP_KEY: not set");
    }

    @Test
    void loadsAKeyFileWithATrailingNewline() throws IOException {
        Path file = Files.writeString(dir.resolve("backup.key"), Base64.getEncoder().encodeToString(KEY) + "\n");

        assertThat(BackupKeys.load(file)).isEqualTo(KEY);
    }

    @Test
    void aMissingOrBinaryKeyFileIsNamed() throws IOException {
        Path missing = dir.resolve("missing.key");
        Path binary = Files.write(dir.resolve("binary.key"), new byte[] {(byte) 0xff, 0, 1, 2});

        assertThatThrownBy(() -> BackupKeys.load(missing)).isInstanceOf(BackupKeyException.class)
                .hasMessage(missing + ": no such key file");
        assertThatThrownBy(() -> BackupKeys.load(binary)).isInstanceOf(BackupKeyException.class)
                .hasMessageStartingWith(binary + ": neither base64 nor hex");
    }

    @Test
    void theKeyIdIsTheFirstEightBytesOfItsSha256() {
        assertThat(BackupKeys.keyId(KEY)).isEqualTo(HexFormat.of().formatHex(Digests.sha256(KEY)).substring(0, 16));
    }
}
