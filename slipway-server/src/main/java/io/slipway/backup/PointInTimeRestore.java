package io.slipway.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Restores and checks what {@link WalReplica} captured.
 *
 * <p>A restore to T takes the newest generation that has a snapshot at or before T, that
 * generation's newest such snapshot, and applies its segments in order up to the last one captured
 * at or before T. It builds the database in a scratch file next to the destination, checks every
 * file's digest on the way and runs {@code PRAGMA integrity_check} on the result, and only then
 * links it into place, which fails rather than replaces if the destination has appeared. A restore
 * refused for any reason leaves nothing behind.
 */
public final class PointInTimeRestore {
    private static final Logger log = LoggerFactory.getLogger(PointInTimeRestore.class);

    private PointInTimeRestore() {
    }

    /**
     * From the oldest snapshot to the newest capture of {@code replicaDir}.
     *
     * @throws ReplicaException when the directory holds no snapshot
     */
    public static RestoreWindow window(Path replicaDir) {
        List<Generation> generations = restorable(replicaDir);
        if (generations.isEmpty()) {
            throw new ReplicaException("no snapshot under " + replicaDir + ": nothing to restore");
        }
        Instant earliest = generations.stream().map(g -> g.earliest().orElseThrow()).min(Comparator.naturalOrder()).orElseThrow();
        Instant latest = generations.stream().map(g -> g.latest().orElseThrow()).max(Comparator.naturalOrder()).orElseThrow();
        return new RestoreWindow(earliest, latest);
    }

    /**
     * Writes the database as of {@code target} (the last transaction captured at or before it) to
     * {@code destination}, which must not exist.
     *
     * @throws RestoreRefusedException when the destination exists, the target is before the window,
     *                                 or a file the restore needs is missing, truncated or corrupt
     */
    public static PointInTimeResult restore(Path replicaDir, Instant target, Path destination) {
        return restore(replicaDir, target, destination, null);
    }

    /**
     * {@link #restore(Path, Instant, Path)} of a replica that may be encrypted.
     *
     * @param key the backup key the replica was captured with (see {@link BackupKeys}); ignored for files
     *            that are not encrypted, so a replica captured before encryption was configured still restores
     * @throws RestoreRefusedException also when a file is encrypted and the key is missing or another, naming it
     */
    public static PointInTimeResult restore(Path replicaDir, Instant target, Path destination, byte[] key) {
        Path dest = destination.toAbsolutePath().normalize();
        refuseExisting(dest);
        Generation generation = generationFor(replicaDir, target);
        Path scratch = dest.resolveSibling("." + dest.getFileName() + ".restoring-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        try {
            Files.createDirectories(dest.getParent());
            ImageBuilder.Image image = ImageBuilder.build(generation, target, scratch, key);
            requireIntegrity(scratch);
            publish(scratch, dest);
            return result(dest, image);
        } catch (ReplicaCorruptException e) {
            throw new RestoreRefusedException("restore to " + target + " refused, " + dest + " was not written: "
                    + e.getMessage(), e);
        } catch (IOException | SQLException e) {
            throw new ReplicaException("restore to " + target + " into " + dest + " failed: " + e.getMessage(), e);
        } finally {
            deleteScratch(scratch);
        }
    }

    private static PointInTimeResult result(Path dest, ImageBuilder.Image image) throws IOException {
        return new PointInTimeResult(dest, image.generation().name(), image.snapshot().path().getFileName().toString(),
                image.segmentsApplied(), image.restoredTo(), Files.size(dest));
    }

    /** Checks every generation of {@code replicaDir}, which is not encrypted, completely; never throws for what it finds. */
    public static VerifyResult verify(Path replicaDir) {
        return verify(replicaDir, null);
    }

    /**
     * Checks every generation of {@code replicaDir} completely, opening encrypted files with {@code key}
     * (a missing or wrong key is a problem named for each such file); never throws for what it finds.
     */
    public static VerifyResult verify(Path replicaDir, byte[] key) {
        List<Generation> generations = Generation.all(replicaDir);
        List<String> problems = new ArrayList<>();
        if (generations.isEmpty()) {
            problems.add("no generations under " + replicaDir);
        }
        int snapshots = 0;
        int segments = 0;
        for (Generation g : generations) {
            problems.addAll(ChainCheck.problems(g, key));
            snapshots += g.snapshots().size();
            segments += g.segments().size();
        }
        return new VerifyResult(generations.size(), snapshots, segments, problems);
    }

    private static List<Generation> restorable(Path replicaDir) {
        return Generation.all(replicaDir).stream().filter(g -> g.earliest().isPresent()).toList();
    }

    /** The newest generation that existed at {@code target}: the one whose history covers it. */
    static Generation generationFor(Path replicaDir, Instant target) {
        List<Generation> generations = restorable(replicaDir);
        if (generations.isEmpty()) {
            throw new RestoreRefusedException("no snapshot under " + replicaDir + ": nothing to restore");
        }
        Optional<Generation> covering = generations.stream()
                .filter(g -> !g.earliest().orElseThrow().isAfter(target)).reduce((a, b) -> b);
        return covering.orElseThrow(() -> new RestoreRefusedException("target " + target
                + " is before the earliest restorable instant " + window(replicaDir).earliest() + " of " + replicaDir));
    }

    private static void refuseExisting(Path dest) {
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new RestoreRefusedException(dest + " already exists; restore never overwrites, choose a new destination");
        }
    }

    private static void requireIntegrity(Path scratch) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        List<String> findings = new ArrayList<>();
        try (Connection c = config.createConnection("jdbc:sqlite:" + scratch);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                findings.add(rs.getString(1));
            }
        }
        if (!findings.equals(List.of("ok"))) {
            throw new ReplicaCorruptException(scratch, "restored database fails PRAGMA integrity_check: "
                    + String.join("; ", findings.subList(0, Math.min(5, findings.size()))));
        }
    }

    /** A hard link cannot replace an existing file, so a destination that appeared meanwhile is never overwritten. */
    private static void publish(Path scratch, Path dest) throws IOException {
        try {
            Files.createLink(dest, scratch);
            Files.delete(scratch);
        } catch (FileAlreadyExistsException e) {
            throw new RestoreRefusedException(dest + " appeared while restoring; restore never overwrites", e);
        } catch (UnsupportedOperationException e) {
            Files.move(scratch, dest); // no REPLACE_EXISTING: fails if the destination exists
        }
        ReplicaFiles.forceDirectory(dest.getParent());
    }

    private static void deleteScratch(Path scratch) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            try {
                Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + suffix));
            } catch (IOException e) {
                // The restore's own outcome stands; a stray scratch file is worth a warning, not a failure.
                log.warn("restore scratch file not deleted file={}{} error=\"{}\"", scratch, suffix, e.getMessage());
            }
        }
    }
}
