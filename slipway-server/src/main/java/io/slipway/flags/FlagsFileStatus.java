package io.slipway.flags;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How the configured flags.yaml stands, for {@code GET /api/v1/flags/file} and {@code slipway flags file}.
 *
 * @param path      the file, as a path rather than Jackson's file: URI
 * @param status    whether its current content is in force
 * @param error     why not, one located problem per line; null when ok
 * @param appliedAt when the content in force (the last good one) was applied, null if none ever was
 * @param hash      sha-256 of that content, null if none
 * @param flags     the flags that content declares
 * @param notInFile flags in the store it does not declare: never deleted by the file, listed so they are seen
 */
public record FlagsFileStatus(String path, State status, String error, Instant appliedAt, String hash,
                              List<String> flags, List<String> notInFile) {
    public FlagsFileStatus {
        flags = List.copyOf(flags);
        notInFile = List.copyOf(notInFile);
    }

    /** Whether the file's current content is what is in force. */
    public enum State {
        /** Applied (or unchanged since it was). */
        OK,
        /** Refused: the last good content stays in force. */
        INVALID,
        /** Not there: the flags stay as they are. */
        MISSING;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
