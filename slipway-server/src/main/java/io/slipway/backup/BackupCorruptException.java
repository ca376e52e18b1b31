package io.slipway.backup;

import java.nio.file.Path;

/**
 * A backup archive is damaged, truncated, not an archive, or cannot be opened with the key given.
 * The message names the file and the problem; chunks are numbered from 1 and located by the byte
 * offset of their frame, e.g. {@code "/backups/a.slpw: chunk 3 (byte 2097243) fails authentication:
 * corrupted, or the wrong key"}.
 */
public final class BackupCorruptException extends BackupException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String problem;

    public BackupCorruptException(Path file, String problem) {
        super(Kind.CORRUPT, file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The archive. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
