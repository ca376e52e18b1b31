package io.slipway.config;

import java.nio.file.Path;

/** A certificate or key file of {@code gateway.tls} that cannot be used, and why. */
public final class TlsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    TlsFileException(Path file, String problem) {
        super(file + " " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, e.g. {@code is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)}. */
    public String problem() {
        return problem;
    }
}
