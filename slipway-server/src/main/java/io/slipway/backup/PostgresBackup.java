package io.slipway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Backs up, verifies and restores a PostgreSQL database with {@code pg_dump}'s custom format.
 *
 * <p>A dump holds exactly the rows committed before it began: Slipway opens a REPEATABLE READ
 * transaction, exports its snapshot and hands it to {@code pg_dump --snapshot}, and counts the
 * rows of every table in that same transaction. The counts are therefore those of the dump
 * itself, however many rows writers commit meanwhile, and verification can demand equality.
 */
public final class PostgresBackup {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PostgresBackup() {
    }

    /**
     * What a dump produced.
     *
     * @param file      the dump, custom format
     * @param bytes     its size
     * @param sha256    its SHA-256, lower-case hex
     * @param rowCounts rows per table ({@code schema.table}) in the dump's snapshot
     * @param took      how long dumping took
     */
    public record DumpResult(Path file, long bytes, String sha256, Map<String, Long> rowCounts, Duration took) {
        public DumpResult {
            rowCounts = Map.copyOf(rowCounts);
        }

        /** The number of rows in all tables together. */
        public long totalRows() {
            return rowCounts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * What a verification found.
     *
     * @param dump            the dump that was verified
     * @param ok              whether it was readable, restored without error, and every row count matched
     * @param problems        what was wrong, one sentence each naming the file; empty when ok
     * @param restoredRows    rows per table after the restore into the scratch database
     * @param sha256          the dump's SHA-256, to compare with the one recorded at backup time
     * @param scratchDatabase the database restored into (already dropped); empty when the dump was unreadable
     * @param took            how long verification took
     */
    public record VerifyResult(Path dump, boolean ok, List<String> problems, Map<String, Long> restoredRows,
                               String sha256, String scratchDatabase, Duration took) {
        public VerifyResult {
            problems = List.copyOf(problems);
            restoredRows = Map.copyOf(restoredRows);
        }

        /** One line for people: the verdict and, when it failed, why. */
        public String summary() {
            if (ok) {
                return dump + ": verified (restored into a scratch database, " + restoredRows.size()
                        + " tables and their row counts match the dump's) in " + took.toMillis() + "ms";
            }
            return dump + ": verification FAILED: " + String.join("; ", problems);
        }
    }

    /**
     * Dumps {@code target} with {@code pg_dump -Fc} into {@code out}, written to a temporary file
     * beside it and moved into place only once complete and synced.
     *
     * @throws PostgresBackupException when the server cannot be reached or pg_dump fails (with its error output)
     */
    public static DumpResult dump(PostgresTools tools, PostgresTarget target, Path out) {
        long start = System.nanoTime();
        Path temp = temporaryBeside(out);
        try (Connection c = PostgresCatalog.connect(target)) {
            Files.createDirectories(temp.getParent());
            tools.requireServer(PostgresCatalog.serverVersionNum(c), target);
            Map<String, Long> counts = dumpSnapshot(tools, target, c, temp);
            sync(temp);
            Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new DumpResult(out, Files.size(out), sha256(out), counts, Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException | IOException e) {
            throw new PostgresBackupException("backup of " + target.describe() + " to " + out + " failed: "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Runs pg_dump on the snapshot of a transaction held open on {@code c}, counting rows in that
     * transaction while pg_dump works.
     */
    private static Map<String, Long> dumpSnapshot(PostgresTools tools, PostgresTarget target, Connection c, Path file)
            throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        c.setAutoCommit(false);
        try {
            String snapshot = exportSnapshot(c);
            PostgresCommand.Running pgDump = PostgresCommand.start(PostgresCommand.command(tools.pgDump(), target,
                    "--format=custom", "--snapshot=" + snapshot, "--file=" + file), target);
            Map<String, Long> counts = countWhileRunning(c, pgDump);
            PostgresCommand.Outcome outcome = pgDump.await();
            if (!outcome.ok()) {
                throw new PostgresBackupException("pg_dump of " + target.describe() + " failed: " + outcome.error());
            }
            return counts;
        } finally {
            c.rollback(); // read-only; ending it releases the snapshot
        }
    }

    private static Map<String, Long> countWhileRunning(Connection c, PostgresCommand.Running pgDump)
            throws SQLException {
        try {
            return PostgresCatalog.rowCounts(c);
        } catch (SQLException | RuntimeException e) {
            pgDump.kill();
            throw e;
        }
    }

    private static String exportSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Verifies a dump: {@code pg_restore --list} must read it, then it is restored into a fresh
     * scratch database on {@code server} ({@code slipway_verify_<random>}, dropped afterwards even
     * on failure) and the row count of every table must equal {@code expectedRows}.
     *
     * @param server       the server to restore on; its database is only used to create and drop the scratch one,
     *                     so the user needs CREATEDB
     * @param expectedRows the dump's row counts, from {@link DumpResult#rowCounts()}
     * @return the verdict; a damaged dump is a failed verdict, not an exception
     * @throws PostgresBackupException when the server cannot be reached or the scratch database cannot be created
     */
    public static VerifyResult verify(PostgresTools tools, PostgresTarget server, Path dump,
                                      Map<String, Long> expectedRows) {
        return new DumpVerification(tools, server, dump, expectedRows, scratchName()).run();
    }

    /**
     * Restores a dump into {@code target} with {@code pg_restore --clean --if-exists --no-owner}
     * in a single transaction: the objects in the dump are replaced, and on any error nothing changes.
     *
     * @throws PostgresBackupException when the dump is missing, the server unreachable or pg_restore fails
     */
    public static void restore(PostgresTools tools, PostgresTarget target, Path dump) {
        requireReadable(dump);
        try (Connection c = PostgresCatalog.connect(target)) {
            tools.requireServer(PostgresCatalog.serverVersionNum(c), target);
        } catch (SQLException e) {
            throw new PostgresBackupException("cannot read the version of " + target.describe() + ": "
                    + e.getMessage(), e);
        }
        PostgresCommand.Outcome outcome = PostgresCommand.run(PostgresCommand.command(tools.pgRestore(), target,
                "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", dump.toString()),
                target);
        if (!outcome.ok()) {
            throw new PostgresBackupException("restore of " + dump + " into " + target.describe()
                    + " failed, nothing was changed: " + outcome.error());
        }
    }

    static void requireReadable(Path dump) {
        if (!Files.isRegularFile(dump) || !Files.isReadable(dump)) {
            throw new PostgresBackupException(dump + ": no such readable dump file");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Problems when the restored counts differ from the dump's, one per table. */
    static List<String> compareCounts(Path dump, Map<String, Long> expected, Map<String, Long> restored) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> tables = new TreeSet<>(expected.keySet());
        tables.addAll(restored.keySet());
        for (String table : tables) {
            Long want = expected.get(table);
            Long got = restored.get(table);
            if (want == null || !want.equals(got)) {
                problems.add(dump + ": table " + table + " has " + (got == null ? "no table" : got + " rows")
                        + " after restore, the dump's snapshot had " + (want == null ? "no such table" : want + " rows"));
            }
        }
        return problems;
    }

    private static String scratchName() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "slipway_verify_" + HexFormat.of().formatHex(random);
    }

    private static Path temporaryBeside(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        return dir.resolve("." + out.getFileName() + ".tmp-" + HexFormat.of().formatHex(new byte[] {
            (byte) RANDOM.nextInt(), (byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()}));
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit(); // the failure being reported matters more than the leftover
        }
    }
}
