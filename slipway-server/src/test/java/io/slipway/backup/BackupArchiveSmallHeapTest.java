package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives stream, never buffer: a JVM with 32 MB of heap writes and restores 96 MiB, encrypted and
 * compressed, which it could not if either side held the content.
 */
class BackupArchiveSmallHeapTest {
    private static final long SIZE = 96L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void writesAndRestoresNinetySixMegabytesWithThirtyTwoMegabytesOfHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = dir.resolve("child.out");
        Process child = new ProcessBuilder(java, "-Xmx32m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), SmallHeapBackup.class.getName(),
                dir.toString(), String.valueOf(SIZE), "42".repeat(32))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        boolean exited = child.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }

        String expected = sha256(SmallHeapBackup.generated(SIZE));
        assertThat(exited).as("child finished").isTrue();
        assertThat(child.exitValue()).as(Files.readString(output)).isZero();
        assertThat(Files.readString(output)).contains("written=" + expected + " restored=" + expected);
        assertThat(Files.size(dir.resolve("restored"))).isEqualTo(SIZE);
    }

    private static String sha256(InputStream in) throws IOException {
        var digest = Digests.sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
