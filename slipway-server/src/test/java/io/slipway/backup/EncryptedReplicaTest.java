package io.slipway.backup;

import io.slipway.analysis.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PITR replica captured with the app's backup key: nothing readable without it, everything restorable with it. */
class EncryptedReplicaTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final byte[] KEY = key(1);
    private static final byte[] OTHER_KEY = key(2);
    private static final String MARKER = "customer-secret-7f3a9c";

    @TempDir
    Path dir;

    @Test
    void restoresExactlyTheRowsCommittedByEachTargetAndKeepsNoPlaintextInTheReplica() throws Exception {
        Path replica = captured("encrypted", KEY);

        assertThat(replicaFiles(replica)).hasSize(5).allSatisfy(f -> {
            assertThat(ReplicaFiles.header(f).encrypted()).as("%s encrypted", f).isTrue();
            assertThat(readableText(f)).as("%s", f).doesNotContain(MARKER);
        });
        assertThat(restoredIds(replica, T0.plusMillis(999), KEY)).isEmpty();
        assertThat(restoredIds(replica, T0.plusSeconds(1), KEY)).hasSize(10);
        assertThat(restoredIds(replica, T0.plusSeconds(2), KEY)).hasSize(15);
        assertThat(restoredIds(replica, T0.plusSeconds(4), KEY)).as("on the later snapshot").hasSize(20);
        assertThat(PointInTimeRestore.verify(replica, KEY).problems()).isEmpty();
    }

    @Test
    void aReplicaWithoutAKeyHoldsTheRowsReadably() throws Exception {
        Path replica = captured("plain", null);

        assertThat(replicaFiles(replica)).noneMatch(f -> header(f).encrypted())
                .anyMatch(f -> readableText(f).contains(MARKER));
        assertThat(restoredIds(replica, T0.plusSeconds(2), OTHER_KEY)).as("a key is ignored for plaintext").hasSize(15);
    }

    @Test
    void refusesAMissingOrWrongKeyNamingTheFileAndRestoresNothing() throws Exception {
        Path replica = captured("encrypted", KEY);
        Path snapshot = Generation.all(replica).get(0).snapshots().get(0).path();
        Path destination = dir.resolve("restored.db");

        assertThatThrownBy(() -> PointInTimeRestore.restore(replica, T0.plusSeconds(2), destination, null))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining(snapshot + ": encrypted, but no key was given");
        assertThatThrownBy(() -> PointInTimeRestore.restore(replica, T0.plusSeconds(2), destination, OTHER_KEY))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining(snapshot + ": wrong key (key id " + BackupKeys.keyId(OTHER_KEY) + ", expected "
                        + BackupKeys.keyId(KEY) + ")");
        assertThat(destination).doesNotExist();
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".restored.db"));
        assertThat(PointInTimeRestore.verify(replica).problems()).hasSize(5)
                .allSatisfy(p -> assertThat(p).startsWith(replica.toString()).endsWith("encrypted, but no key was given"));
        assertThat(PointInTimeRestore.window(replica)).as("listing needs no key")
                .isEqualTo(new RestoreWindow(T0, T0.plusSeconds(4)));
    }

    @Test
    void namesAnEncryptedSegmentWithAFlippedByteAsCorruptAndRestoresNothing() throws Exception {
        Path replica = captured("encrypted", KEY);
        Path segment = Generation.all(replica).get(0).segments().get(1L).path();
        long size = Files.size(segment);
        Path destination = dir.resolve("r.db");
        for (long offset : new long[] {20, 75, ReplicaFileHeader.SEALED_SIZE + 10, size / 2, size - 1}) {
            FileDamage.flipByte(segment, offset);
            assertThat(PointInTimeRestore.verify(replica, KEY).problems()).as("flipped byte %d", offset)
                    .singleElement().asString().startsWith(segment.toString())
                    .containsAnyOf("fails authentication", "checksum mismatch");
            assertThatThrownBy(() -> PointInTimeRestore.restore(replica, T0.plusSeconds(2), destination, KEY))
                    .isInstanceOf(RestoreRefusedException.class).hasMessageContaining(segment.toString());
            assertThat(destination).doesNotExist();
            FileDamage.flipByte(segment, offset);
        }
        assertThat(PointInTimeRestore.verify(replica, KEY).ok()).isTrue();
    }

    @Test
    void aHeaderChangedWithItsDigestRecomputedFailsAuthentication() throws Exception {
        Path replica = captured("encrypted", KEY);
        Path segment = Generation.all(replica).get(0).segments().get(1L).path();
        byte[] forged = Files.readAllBytes(segment);
        ByteBuffer.wrap(forged).putLong(16, T0.plusMillis(1500).toEpochMilli()); // captured earlier than it was
        Files.write(segment, resealed(forged));

        assertThat(PointInTimeRestore.verify(replica, KEY).problems()).singleElement().asString()
                .startsWith(segment.toString()).contains("chunk 1 (byte 128) fails authentication");
    }

    @Test
    void compactsAnEncryptedReplicaIntoAnEncryptedSnapshot() throws Exception {
        Path replica = captured("encrypted", KEY);
        List<Long> atKeepFrom = restoredIds(replica, T0.plusSeconds(2), KEY);
        long files = replicaFiles(replica).size();

        assertThatThrownBy(() -> ReplicaRetention.compact(replica, T0.plusSeconds(2), null))
                .isInstanceOf(ReplicaCorruptException.class).hasMessageContaining("encrypted, but no key was given");
        assertThat(replicaFiles(replica)).as("nothing deleted without the key").hasSize((int) files);

        CompactionResult result = ReplicaRetention.compact(replica, T0.plusSeconds(2), KEY);

        assertThat(result.snapshotWritten()).isTrue();
        Path written = Generation.all(replica).get(0).snapshotPath(2, T0.plusSeconds(2).toEpochMilli());
        assertThat(ReplicaFiles.header(written).encrypted()).isTrue();
        assertThat(readableText(written)).doesNotContain(MARKER);
        assertThat(PointInTimeRestore.verify(replica, KEY).problems()).isEmpty();
        assertThat(restoredIds(replica, T0.plusSeconds(2), KEY)).isEqualTo(atKeepFrom).hasSize(15);
        assertThat(restoredIds(replica, T0.plusSeconds(4), KEY)).hasSize(20);
    }

    @Test
    void restoresAcrossAPlaintextGenerationAndAnEncryptedOneWithTheKey() throws Exception {
        TestClock clock = new TestClock(T0);
        Path replica = dir.resolve("replica");
        try (AppDatabase app = AppDatabase.create(dir.resolve("app.db"))) {
            batches(app, replica, clock, null, 1);
            clock.advance(Duration.ofSeconds(1));
            batches(app, replica, clock, KEY, 1);
        }
        List<Generation> generations = Generation.all(replica);
        assertThat(generations).hasSize(2);

        assertThat(restoredIds(replica, T0.plusSeconds(1), KEY)).as("from the plaintext generation").hasSize(10);
        assertThat(restoredIds(replica, T0.plusSeconds(3), KEY)).as("from the encrypted one").hasSize(20);
        assertThat(PointInTimeRestore.verify(replica, KEY).problems()).isEmpty();
        assertThat(PointInTimeRestore.verify(replica, null).problems()).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith(generations.get(1).dir().toString()));
    }

    /**
     * A snapshot at T0, segments of 10 and 5 marked rows at T0+1s and T0+2s, a snapshot at T0+3s
     * (holding all 15), and a segment of 5 more at T0+4s.
     */
    private Path captured(String name, byte[] key) throws Exception {
        TestClock clock = new TestClock(T0);
        Path replica = dir.resolve(name + "-replica");
        try (AppDatabase app = AppDatabase.create(dir.resolve(name + ".db"));
             WalReplica capture = WalReplica.start(app.file(), replica, clock, Duration.ofHours(1), key)) {
            for (int rows : new int[] {10, 5}) {
                insertMarked(app, rows);
                clock.advance(Duration.ofSeconds(1));
                capture.captureNow();
            }
            clock.advance(Duration.ofSeconds(1));
            capture.snapshot();
            insertMarked(app, 5);
            clock.advance(Duration.ofSeconds(1));
            capture.captureNow();
        }
        return replica;
    }

    /** Starts a capture (a new generation), then {@code count} batches of 10 rows one second apart. */
    private static void batches(AppDatabase app, Path replica, TestClock clock, byte[] key, int count) throws Exception {
        try (WalReplica capture = WalReplica.start(app.file(), replica, clock, Duration.ofHours(1), key)) {
            for (int i = 0; i < count; i++) {
                insertMarked(app, 10);
                clock.advance(Duration.ofSeconds(1));
                capture.captureNow();
            }
        }
    }

    private static void insertMarked(AppDatabase app, int rows) throws Exception {
        for (int i = 0; i < rows; i++) {
            app.execute("INSERT INTO rows (written_at, payload) VALUES (0, '" + MARKER + "')");
        }
    }

    private List<Long> restoredIds(Path replica, Instant target, byte[] key) throws Exception {
        Path restored = Files.createTempDirectory(dir, "restore").resolve("r.db");
        PointInTimeRestore.restore(replica, target, restored, key);
        return AppDatabase.ids(restored);
    }

    private static List<Path> replicaFiles(Path replica) throws IOException {
        try (Stream<Path> files = Files.walk(replica)) {
            return files.filter(f -> ReplicaName.parse(f).isPresent()).toList();
        }
    }

    private static ReplicaFileHeader header(Path file) {
        try {
            return ReplicaFiles.header(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The file's bytes and whatever gunzips from any place in it: pages are gzip'ed, so a marker
     * in a plaintext file's rows does not stand in its bytes as they are.
     */
    private static String readableText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            text.write(bytes);
            for (int i = 0; i + 2 < bytes.length; i++) {
                if (bytes[i] == 0x1f && bytes[i + 1] == (byte) 0x8b && bytes[i + 2] == 8) {
                    text.write(gunzipped(bytes, i));
                }
            }
            return text.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzipped(byte[] bytes, int offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes, offset, bytes.length - offset))) {
            in.transferTo(out);
        } catch (IOException e) {
            // not gzip after all, or cut short: what came out before counts
        }
        return out.toByteArray();
    }

    /** The file with its digest recomputed over its (changed) header and body, as someone forging it would. */
    private static byte[] resealed(byte[] file) {
        ReplicaFileHeader header = ReplicaFileHeader.decode(Arrays.copyOf(file, ReplicaFileHeader.SEALED_SIZE));
        byte[] body = Arrays.copyOfRange(file, ReplicaFileHeader.SEALED_SIZE, file.length);
        byte[] digest = Digests.sha256(ByteBuffer.allocate(96 + 32).put(header.fields())
                .put(Digests.sha256(body)).array());
        byte[] out = file.clone();
        System.arraycopy(digest, 0, out, ReplicaFileHeader.SEALED_SIZE - 32, 32);
        return out;
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[ArchiveOptions.KEY_BYTES];
        Arrays.fill(key, (byte) seed);
        return key;
    }
}
