package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

/**
 * Run by {@link BackupArchiveSmallHeapTest} in a JVM with a small heap: writes generated content into
 * an encrypted, compressed archive, restores it, and prints the content SHA-256s it saw.
 */
public final class SmallHeapBackup {
    private SmallHeapBackup() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        byte[] key = HexFormat.of().parseHex(args[2]);
        Path archive = dir.resolve("big.slpw");
        ArchiveInfo written = BackupArchive.write(generated(size), archive, new ArchiveOptions(true, key));
        ArchiveInfo restored = BackupArchive.read(archive, key, dir.resolve("restored"));
        System.out.println("written=" + written.contentSha256() + " restored=" + restored.contentSha256());
    }

    /** Incompressible bytes made on the fly, so that nothing holds the whole content but a bug. */
    static InputStream generated(long size) {
        Random random = new Random(size);
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                byte[] bytes = new byte[n];
                random.nextBytes(bytes);
                System.arraycopy(bytes, 0, buffer, offset, n);
                left -= n;
                return n;
            }
        };
    }
}
