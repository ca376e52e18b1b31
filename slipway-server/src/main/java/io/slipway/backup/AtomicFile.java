package io.slipway.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that it either appears whole or not at all: into a temp file in the same
 * directory (created owner-only, as {@link Files#createTempFile} does), fsync'ed, renamed over the
 * target with ATOMIC_MOVE, then the directory fsync'ed so that the rename survives a power cut.
 * When writing fails the temp file is deleted and the target is left as it was.
 */
final class AtomicFile {
    private static final int BUFFER = 64 * 1024;

    /** What goes into the file. */
    interface Body<R> {
        R writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    static <R> R write(Path target, Body<R> body) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
        try {
            R result = writeAndSync(temp, body);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            sync(directory);
            return result;
        } catch (IOException | RuntimeException | Error e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
    }

    private static <R> R writeAndSync(Path temp, Body<R> body) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
            R result = body.writeTo(out);
            out.flush();
            channel.force(true);
            return result;
        }
    }

    private static void sync(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteAfterFailure(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
