package io.slipway.backup;

import java.nio.file.Path;

/** A replica file is missing, truncated or fails its checksum; {@link #file()} names it. */
public final class ReplicaCorruptException extends ReplicaException {
    private final transient Path file;

    public ReplicaCorruptException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
