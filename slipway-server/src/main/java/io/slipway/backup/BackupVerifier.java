package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies a backup by restoring it: the archive is read back into a scratch file (which checks its
 * chunks, key and content checksum), the copy must pass {@code PRAGMA integrity_check}, and every
 * table must hold the rows the manifest recorded when the backup was taken.
 */
final class BackupVerifier {
    private BackupVerifier() {
    }

    static Verification verify(Path archive, BackupManifest manifest, byte[] key, Path scratchDir, Instant at) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("archive", archive.toString());
        if (!Files.isRegularFile(archive)) {
            return new Verification(manifest.id(), at, false, "the archive " + archive + " is missing", details);
        }
        Path scratch = Backups.scratch(scratchDir, "verify-" + manifest.id());
        try {
            Backups.deleteQuietly(scratch);
            ArchiveInfo read = BackupArchive.read(archive, key, scratch);
            details.put("contentSha256", read.contentSha256());
            if (!read.contentSha256().equals(manifest.archive().contentSha256())) {
                return new Verification(manifest.id(), at, false, "content checksum " + read.contentSha256()
                        + " differs from the manifest's " + manifest.archive().contentSha256(), details);
            }
            return inspect(manifest, scratch, details, at);
        } catch (BackupException e) {
            return new Verification(manifest.id(), at, false, e.getMessage(), details);
        } catch (IOException e) {
            return new Verification(manifest.id(), at, false, "cannot read " + archive + ": " + e.getMessage(), details);
        } finally {
            Backups.deleteQuietly(scratch);
        }
    }

    private static Verification inspect(BackupManifest manifest, Path scratch, Map<String, Object> details, Instant at) {
        SqliteDatabase.Inspection found = SqliteDatabase.inspect(scratch);
        details.put("integrity", found.integrity());
        details.put("rowsExpected", new TreeMap<>(manifest.rows()));
        details.put("rowsFound", new TreeMap<>(found.rows()));
        if (!found.intact()) {
            return new Verification(manifest.id(), at, false, "restored copy fails integrity_check: " + found.integrity(), details);
        }
        if (!found.rows().equals(manifest.rows())) {
            return new Verification(manifest.id(), at, false, "rows differ from the manifest: expected " + manifest.rows()
                    + ", found " + found.rows(), details);
        }
        long rows = found.rows().values().stream().mapToLong(Long::longValue).sum();
        return new Verification(manifest.id(), at, true, "restored into a scratch file: integrity ok, " + found.rows().size()
                + " tables, " + rows + " rows as recorded, checksum " + manifest.archive().contentSha256().substring(0, 12)
                + "… matches", details);
    }
}
