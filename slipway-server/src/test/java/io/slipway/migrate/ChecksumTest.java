package io.slipway.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void isCrc32OfTheLinesWithoutTheirTerminators() {
        // 0xCBF43926 is the CRC-32 check value of "123456789"; Flyway stores it as a signed int.
        assertThat(Checksum.of("1234\n56789\n")).isEqualTo(0xCBF43926).isEqualTo(-873187034);
        assertThat(Checksum.of("")).isZero();
    }

    @Test
    void lineEndingsDoNotCount() {
        String lf = "CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n";

        assertThat(Checksum.of(lf.replace("\n", "\r\n"))).isEqualTo(Checksum.of(lf));
        assertThat(Checksum.of(lf.replace("\n", "\r"))).isEqualTo(Checksum.of(lf));
        assertThat(Checksum.of(lf.strip())).isEqualTo(Checksum.of(lf));
    }

    @Test
    void aByteOrderMarkDoesNotCount() {
        assertThat(Checksum.of("\uFEFFSELECT 1;\n")).isEqualTo(Checksum.of("SELECT 1;\n"));
    }

    @Test
    void anEditChangesIt() {
        assertThat(Checksum.of("SELECT 1;\n")).isNotEqualTo(Checksum.of("SELECT 2;\n"));
    }

    @Test
    void hashesNonAsciiAsUtf8() {
        CRC32 crc = new CRC32();
        crc.update("INSERT INTO t VALUES ('é€');".getBytes(StandardCharsets.UTF_8));

        assertThat(Checksum.of("INSERT INTO t VALUES ('é€');\n")).isEqualTo((int) crc.getValue());
    }
}
