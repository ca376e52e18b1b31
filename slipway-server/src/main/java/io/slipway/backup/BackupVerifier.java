package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies a backup by restoring it: the archive is read back into a scratch file (which checks its
 * chunks, key and content checksum), then the database engine checks the copy: {@code PRAGMA
 * integrity_check} and rows per table for SQLite, a restore into a scratch database and rows per table
 * for PostgreSQL, against what the manifest recorded when the backup was taken.
 */
final class BackupVerifier {
    private BackupVerifier() {
    }

    static Verification verify(Path archive, BackupManifest manifest, byte[] key, Path scratchDir, Instant at,
                               BackupEngine engine, io.slipway.config.DatabaseConfig database) {
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
            BackupEngine.Checked checked = engine.check(database, scratch, manifest);
            details.putAll(checked.details());
            return new Verification(manifest.id(), at, checked.ok(), checked.ok() ? checked.message() + ", checksum "
                    + manifest.archive().contentSha256().substring(0, 12) + "… matches" : checked.message(), details);
        } catch (BackupException e) {
            return new Verification(manifest.id(), at, false, e.getMessage(), details);
        } catch (IOException e) {
            return new Verification(manifest.id(), at, false, "cannot read " + archive + ": " + e.getMessage(), details);
        } finally {
            Backups.deleteQuietly(scratch);
        }
    }
}
