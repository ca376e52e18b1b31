package io.slipway.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Damage done to replica files in tests, undone by doing it again. */
final class FileDamage {
    private FileDamage() {
    }

    /** Flips one bit of the byte at {@code offset}; flipping it twice restores the file. */
    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
            c.write(b, offset);
        }
    }
}
