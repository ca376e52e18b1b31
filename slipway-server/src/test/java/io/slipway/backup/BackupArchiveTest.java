package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackupArchiveTest {
    private static final int CHUNK = ArchiveHeader.DEFAULT_CHUNK_SIZE;
    private static final int HEADER = ArchiveHeader.LENGTH;
    private static final int TRAILER = ArchiveTrailer.LENGTH;
    /** 5 full chunks and a short sixth, not compressible, so that chunk positions are known. */
    private static final int FIVE_AND_A_BIT_MIB = 5 * CHUNK + 12_345;
    private static final byte[] KEY = key(1);
    private static final byte[] OTHER_KEY = key(2);

    @TempDir
    Path dir;
    private Path archive;
    private Path destination;

    @BeforeEach
    void paths() throws IOException {
        archive = dir.resolve("backup.slpw");
        destination = dir.resolve("restored.db");
        Files.writeString(destination, "the database as it was before");
    }

    static Stream<Arguments> roundTrips() {
        return Stream.of(0, 1, CHUNK, FIVE_AND_A_BIT_MIB).flatMap(size -> Stream.of(
                Arguments.of(size, false, false), Arguments.of(size, true, false),
                Arguments.of(size, false, true), Arguments.of(size, true, true)));
    }

    @ParameterizedTest(name = "{0} bytes, compressed {1}, encrypted {2}")
    @MethodSource("roundTrips")
    void roundTripsContentWithAndWithoutCompressionAndEncryption(int size, boolean compress, boolean encrypt)
            throws IOException {
        byte[] content = random(size, size);
        Path source = Files.write(dir.resolve("source.db"), content);

        ArchiveInfo written = BackupArchive.write(source, archive, new ArchiveOptions(compress, encrypt ? KEY : null));
        ArchiveInfo read = BackupArchive.read(archive, encrypt ? KEY : null, destination);

        assertThat(Files.readAllBytes(destination)).isEqualTo(content);
        assertThat(written).isEqualTo(read).isEqualTo(BackupArchive.check(archive, encrypt ? KEY : null));
        assertThat(written.contentBytes()).isEqualTo(size);
        assertThat(written.contentSha256()).isEqualTo(sha256(content));
        assertThat(written.storedBytes()).isEqualTo(Files.size(archive));
        assertThat(written.compressed()).isEqualTo(compress);
        assertThat(written.encrypted()).isEqualTo(encrypt);
        assertNoTempFilesLeft();
    }

    @Test
    void storesWhatDoesNotCompressAndStillCompressesWhatDoes() throws IOException {
        byte[] text = "INSERT INTO orders VALUES (1, 'a customer note');\n".repeat(CHUNK / 50).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream mixed = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            mixed.write(text);
        }
        mixed.write(random(2 * CHUNK, 7)); // stored, and so is what follows for a while
        for (int i = 0; i < 40; i++) {
            mixed.write(text); // compressed again once deflate is tried again
        }
        byte[] content = mixed.toByteArray();
        Path source = Files.write(dir.resolve("mixed.db"), content);

        ArchiveInfo written = BackupArchive.write(source, archive, new ArchiveOptions(true, KEY));
        BackupArchive.read(archive, KEY, destination);

        assertThat(Files.readAllBytes(destination)).isEqualTo(content);
        assertThat(written.storedBytes()).isGreaterThan(2L * CHUNK).isLessThan(content.length - 20L * CHUNK);
    }

    @Test
    void manifestsFromBeforeTheArchiveHashWasDroppedStillRead() throws IOException {
        ArchiveInfo old = io.slipway.api.Json.MAPPER.readValue("{\"contentBytes\":3,\"contentSha256\":\"ab\","
                + "\"storedBytes\":90,\"storedSha256\":\"cd\",\"compressed\":false,\"encrypted\":true}", ArchiveInfo.class);
        assertThat(old).isEqualTo(new ArchiveInfo(3, "ab", 90, false, true));
    }

    @Test
    void writesFromAStreamSuchAsPgDumpOutput() throws IOException {
        byte[] dump = "CREATE TABLE t (id int);\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);

        ArchiveInfo info = BackupArchive.write(new ByteArrayInputStream(dump), archive, new ArchiveOptions(true, KEY));

        assertThat(info.contentBytes()).isEqualTo(dump.length);
        assertThat(info.storedBytes()).as("compressed").isLessThan(dump.length / 20);
        BackupArchive.read(archive, KEY, destination);
        assertThat(Files.readAllBytes(destination)).isEqualTo(dump);
    }

    @Test
    void anArchiveIsReadableByItsOwnerOnly() throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(10, 10)), archive, new ArchiveOptions(true, null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
    }

    @Test
    void anEncryptedArchiveHoldsNoPlaintextAndDiffersEachTime() throws IOException {
        byte[] content = "secret customer row\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        Path other = dir.resolve("again.slpw");

        BackupArchive.write(new ByteArrayInputStream(content), archive, new ArchiveOptions(false, KEY));
        BackupArchive.write(new ByteArrayInputStream(content), other, new ArchiveOptions(false, KEY));

        String stored = Files.readString(archive, StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("secret customer row");
        assertThat(Files.readAllBytes(archive)).isNotEqualTo(Files.readAllBytes(other));
    }

    static Stream<Arguments> flippedBytes() {
        long chunk3 = frameOf(3, 16);
        long plainChunk3 = frameOf(3, 4);
        return Stream.of(
                Arguments.of(true, 0L, "not a Slipway backup (bad magic)"),
                Arguments.of(true, 7L, "header: format version 0, this Slipway reads version 1"),
                Arguments.of(true, 8L, "header is damaged (checksum mismatch)"),
                Arguments.of(true, 25L, "header is damaged (checksum mismatch)"),
                Arguments.of(true, chunk3 + 4 + 500_000, "chunk 3 (byte " + chunk3 + ") fails authentication:"
                        + " corrupted, or the wrong key"),
                Arguments.of(true, chunk3 + 3, "chunk 3 (byte " + chunk3 + ") is damaged (impossible length"),
                Arguments.of(true, chunk3, "chunk 3 (byte " + chunk3 + ") is damaged (impossible length"),
                Arguments.of(true, -20L, "trailer is damaged (checksum mismatch)"),
                Arguments.of(false, plainChunk3 + 4 + 500_000, "chunk 3 (byte " + plainChunk3 + ") fails its checksum"),
                Arguments.of(false, plainChunk3 + 2, "chunk 3 (byte " + plainChunk3 + ") is damaged (impossible"),
                Arguments.of(false, -1L, "trailer is damaged (checksum mismatch)"));
    }

    @ParameterizedTest(name = "encrypted {0}, byte {1}")
    @MethodSource("flippedBytes")
    void oneFlippedByteAnywhereIsReportedWithWhereAndLeavesTheDestinationAlone(boolean encrypt, long offset,
                                                                               String problem) throws IOException {
        byte[] key = encrypt ? KEY : null;
        BackupArchive.write(new ByteArrayInputStream(random(FIVE_AND_A_BIT_MIB, 7)), archive,
                new ArchiveOptions(false, key));

        flip(archive, offset < 0 ? Files.size(archive) + offset : offset);

        assertCorrupt(() -> BackupArchive.read(archive, key, destination), problem);
        assertCorrupt(() -> BackupArchive.check(archive, key), problem);
    }

    @Test
    void aFlippedByteInCompressedContentIsFoundBeforeDecompression() throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(3 * CHUNK, 3)), archive, new ArchiveOptions(true, null));

        flip(archive, frameOf(2, 4) + 100);

        assertCorrupt(() -> BackupArchive.read(archive, null, destination), "chunk 2 (byte " + frameOf(2, 4)
                + ") fails its checksum: corrupted");
    }

    static Stream<Arguments> truncations() {
        long chunk3 = frameOf(3, 16);
        long trailer = frameOf(6, 16) + 4 + 12_345 + 16;
        return Stream.of(
                Arguments.of(0L, "not a Slipway backup (bad magic)"),
                Arguments.of(5L, "truncated in the header"),
                Arguments.of(30L, "truncated in the header"),
                Arguments.of((long) HEADER, "truncated after the header"),
                Arguments.of(HEADER + 2L, "truncated after the header"),
                Arguments.of(chunk3, "truncated after chunk 2"),
                Arguments.of(chunk3 + 1000, "truncated in chunk 3 (byte " + chunk3 + ")"),
                Arguments.of(trailer, "truncated after chunk 6 (the last chunk): the trailer is missing"),
                Arguments.of(trailer + 10, "truncated after chunk 6 (the last chunk): the trailer is cut short"));
    }

    @ParameterizedTest(name = "at byte {0}")
    @MethodSource("truncations")
    void aTruncatedArchiveIsReportedWithWhereAndLeavesTheDestinationAlone(long length, String problem)
            throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(FIVE_AND_A_BIT_MIB, 9)), archive,
                new ArchiveOptions(false, KEY));
        assertThat(Files.size(archive)).isEqualTo(frameOf(6, 16) + 4 + 12_345 + 16 + TRAILER);

        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }

        assertCorrupt(() -> BackupArchive.read(archive, KEY, destination), problem);
    }

    @Test
    void aTruncatedCompressedArchiveIsReportedAsTruncated() throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(3 * CHUNK, 4)), archive, new ArchiveOptions(true, KEY));

        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            channel.truncate(frameOf(3, 16));
        }

        assertCorrupt(() -> BackupArchive.read(archive, KEY, destination), "truncated after chunk 2");
    }

    @ParameterizedTest(name = "encrypted {0}")
    @ValueSource(booleans = {true, false})
    void swappedChunksAreDetected(boolean encrypt) throws IOException {
        byte[] key = encrypt ? KEY : null;
        int overhead = encrypt ? 16 : 4;
        BackupArchive.write(new ByteArrayInputStream(random(FIVE_AND_A_BIT_MIB, 11)), archive,
                new ArchiveOptions(false, key));
        byte[] bytes = Files.readAllBytes(archive);
        int size = 4 + CHUNK + overhead;
        byte[] second = Arrays.copyOfRange(bytes, (int) frameOf(2, overhead), (int) frameOf(2, overhead) + size);
        System.arraycopy(bytes, (int) frameOf(3, overhead), bytes, (int) frameOf(2, overhead), size);
        System.arraycopy(second, 0, bytes, (int) frameOf(3, overhead), size);
        Files.write(archive, bytes);

        assertCorrupt(() -> BackupArchive.read(archive, key, destination), "chunk 2 (byte " + frameOf(2, overhead)
                + ") " + (encrypt ? "fails authentication" : "fails its checksum"));
    }

    @ParameterizedTest(name = "encrypted {0}")
    @ValueSource(booleans = {true, false})
    void aDroppedChunkIsDetected(boolean encrypt) throws IOException {
        byte[] key = encrypt ? KEY : null;
        int overhead = encrypt ? 16 : 4;
        BackupArchive.write(new ByteArrayInputStream(random(FIVE_AND_A_BIT_MIB, 12)), archive,
                new ArchiveOptions(false, key));
        byte[] bytes = Files.readAllBytes(archive);
        int third = (int) frameOf(3, overhead);
        int fourth = (int) frameOf(4, overhead);
        byte[] without = new byte[bytes.length - (fourth - third)];
        System.arraycopy(bytes, 0, without, 0, third);
        System.arraycopy(bytes, fourth, without, third, bytes.length - fourth);
        Files.write(archive, without);

        assertCorrupt(() -> BackupArchive.read(archive, key, destination), "chunk 3 (byte " + third + ")");
    }

    @ParameterizedTest(name = "encrypted {0}")
    @ValueSource(booleans = {true, false})
    void aChunkFalselyMarkedLastFailsToOpen(boolean encrypt) throws IOException {
        byte[] key = encrypt ? KEY : null;
        int overhead = encrypt ? 16 : 4;
        BackupArchive.write(new ByteArrayInputStream(random(FIVE_AND_A_BIT_MIB, 20)), archive,
                new ArchiveOptions(false, key));

        flip(archive, frameOf(3, overhead), 0x80);

        assertCorrupt(() -> BackupArchive.read(archive, key, destination), "chunk 3 (byte " + frameOf(3, overhead)
                + ") " + (encrypt ? "fails authentication" : "fails its checksum"));
    }

    @Test
    void dataAppendedAfterTheTrailerIsDetected() throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(1000, 13)), archive, new ArchiveOptions(true, KEY));

        Files.write(archive, new byte[] {0}, StandardOpenOption.APPEND);

        assertCorrupt(() -> BackupArchive.read(archive, KEY, destination), "unexpected data after the trailer");
    }

    @Test
    void aHeaderChangedWithItsChecksumRecomputedFailsAuthentication() throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(1000, 14)), archive, new ArchiveOptions(false, KEY));
        byte[] bytes = Files.readAllBytes(archive);
        ArchiveHeader header = ArchiveHeader.read(new ByteArrayInputStream(bytes), archive);
        byte[] changed = new ArchiveHeader(true, true, header.chunkSize(), header.keyId(), header.salt()).encode();
        System.arraycopy(changed, 0, bytes, 0, HEADER);
        Files.write(archive, bytes);

        assertCorrupt(() -> BackupArchive.read(archive, KEY, destination), "chunk 1 (byte 41) fails authentication");
    }

    @Test
    void aTrailerThatDisagreesWithTheContentIsAChecksumMismatch() throws IOException {
        byte[] content = random(1000, 15);
        BackupArchive.write(new ByteArrayInputStream(content), archive, new ArchiveOptions(true, null));
        byte[] bytes = Files.readAllBytes(archive);
        byte[] forged = new ArchiveTrailer(1000, sha256(random(1000, 16))).encode();
        System.arraycopy(forged, 0, bytes, bytes.length - TRAILER, TRAILER);
        Files.write(archive, bytes);

        assertCorrupt(() -> BackupArchive.read(archive, null, destination), "content checksum mismatch: the trailer"
                + " says sha256 " + sha256(random(1000, 16)) + ", the content is " + sha256(content));
    }

    @Test
    void theWrongKeyIsReportedAsTheWrongKey() throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(1000, 17)), archive, new ArchiveOptions(true, KEY));

        assertCorrupt(() -> BackupArchive.read(archive, OTHER_KEY, destination), "wrong key (key id "
                + BackupKeys.keyId(OTHER_KEY) + ", expected " + BackupKeys.keyId(KEY) + ")");
    }

    @Test
    void anEncryptedArchiveReadWithoutAKeyIsRefused() throws IOException {
        BackupArchive.write(new ByteArrayInputStream(random(1000, 18)), archive, new ArchiveOptions(true, KEY));

        assertCorrupt(() -> BackupArchive.read(archive, null, destination), "encrypted, but no key was given");
    }

    @Test
    void aKeyGivenForAnUnencryptedArchiveIsNotNeeded() throws IOException {
        byte[] content = random(1000, 19);
        BackupArchive.write(new ByteArrayInputStream(content), archive, new ArchiveOptions(true, null));

        assertThat(BackupArchive.read(archive, KEY, destination).encrypted()).isFalse();
        assertThat(Files.readAllBytes(destination)).isEqualTo(content);
    }

    @Test
    void aFileThatIsNoArchiveIsNotASlipwayBackup() throws IOException {
        Files.writeString(archive, "SQLite format 3\0 and then some pages");

        assertCorrupt(() -> BackupArchive.read(archive, null, destination), "not a Slipway backup (bad magic)");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedNamingItsLength() {
        assertThatThrownBy(() -> new ArchiveOptions(true, new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backup key: 31 bytes, an AES-256 key is 32");
        assertThat(new ArchiveOptions(true, KEY).toString()).isEqualTo("ArchiveOptions[compress=true, encrypted=true]");
    }

    @Test
    void aFailedWriteLeavesNoArchiveAndKeepsTheOldOne() throws IOException {
        Files.writeString(archive, "yesterday's archive");
        InputStream failing = new InputStream() {
            private int left = 3 * CHUNK;

            @Override
            public int read() throws IOException {
                if (left-- == 0) {
                    throw new IOException("pg_dump: connection lost");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> BackupArchive.write(failing, archive, new ArchiveOptions(true, KEY)))
                .isInstanceOf(IOException.class).hasMessage("pg_dump: connection lost");
        assertThat(Files.readString(archive)).isEqualTo("yesterday's archive");
        assertNoTempFilesLeft();
    }

    /** Frame offset of a full-sized chunk, numbered from 1 as in messages, of an uncompressed archive. */
    private static long frameOf(int chunk, int overhead) {
        return HEADER + (long) (chunk - 1) * (4 + CHUNK + overhead);
    }

    private void assertCorrupt(ThrowingCallable read, String problem) throws IOException {
        assertThatThrownBy(read).isInstanceOf(BackupCorruptException.class)
                .hasMessageStartingWith(archive + ": " + problem);
        assertThat(Files.readString(destination)).isEqualTo("the database as it was before");
        assertNoTempFilesLeft();
    }

    private void assertNoTempFilesLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).noneMatch(name -> name.endsWith(".partial"));
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        flip(file, offset, 0x01);
    }

    private static void flip(Path file, long offset, int mask) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ mask)).rewind();
            channel.write(one, offset);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] key(int seed) {
        return random(32, seed * 1000L);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Digests.sha256(bytes));
    }
}
