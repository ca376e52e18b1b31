package io.slipway.sdk;

import io.slipway.flags.Ruleset;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A ruleset on disk, as the server sends it: the last-known cache ({@code <environment>.ruleset.json}) and
 * the bootstrap file share the format. Reading never throws: a missing or broken file is logged with its
 * path and reads as nothing, since the SDK must start whatever state the disk is in.
 */
final class RulesetFile {
    private static final System.Logger LOG = System.getLogger("io.slipway.sdk");

    private final Path path;

    RulesetFile(Path path) {
        this.path = path;
    }

    /** The cache file of {@code environment} in {@code dir}. */
    static RulesetFile cache(Path dir, String environment) {
        return new RulesetFile(dir.resolve(environment + ".ruleset.json"));
    }

    Path path() {
        return path;
    }

    /** The ruleset in the file, or empty when there is no file or it is not a valid ruleset (logged). */
    Optional<Ruleset> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.ruleset(Files.readString(path, StandardCharsets.UTF_8), path.toString()));
        } catch (InvalidRulesetException e) {
            LOG.log(Level.ERROR, "ruleset file ignored: " + e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.ERROR, "ruleset file ignored: " + path + ": " + e);
        }
        return Optional.empty();
    }

    /**
     * Replaces the file in one step: written and forced to a temporary file beside it, then moved over it
     * atomically, so a crash leaves either the old file or the new one, never half of one.
     */
    void write(Ruleset ruleset) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(path.toAbsolutePath().getParent(), path.getFileName().toString(), ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(Json.bytes(ruleset));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
