package io.slipway.flags;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flags.yaml last applied, kept in the store in the same transaction as the flags it wrote: which
 * content and when, and a hash of each declaration in it. The next apply (after an edit, or at the next
 * start) writes only the declarations whose hash changed, so a flag the file still declares the same way
 * keeps whatever was done to it through the API meanwhile, such as a kill switch.
 *
 * @param path      the file, as configured
 * @param hash      sha-256 of its content, hex
 * @param appliedAt when this content was applied first
 * @param flags     flag key → sha-256 of its declaration
 * @param segments  segment name → sha-256 of its declaration
 */
public record AppliedFile(String path, String hash, Instant appliedAt, Map<String, String> flags,
                          Map<String, String> segments) {
    /** Before any flags.yaml was applied. */
    static final AppliedFile NONE = new AppliedFile(null, null, null, Map.of(), Map.of());

    public AppliedFile {
        flags = flags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(flags));
        segments = segments == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(segments));
    }
}
