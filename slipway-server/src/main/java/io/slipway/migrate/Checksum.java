package io.slipway.migrate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's script checksum, so that a history written by Flyway can be taken over as it is: CRC32
 * over the UTF-8 bytes of each line without its terminator (LF, CR or CRLF) and without a leading
 * byte order mark, as a signed 32-bit number. Converting a file between CRLF and LF is not drift.
 */
final class Checksum {
    private static final char BOM = '\uFEFF';

    private Checksum() {
    }

    static int of(String text) {
        String content = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        CRC32 crc = new CRC32();
        content.lines().forEach(line -> crc.update(line.getBytes(StandardCharsets.UTF_8)));
        return (int) crc.getValue();
    }
}
