package io.slipway.flags;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything an SDK needs to evaluate flags locally in one environment: the flags' rules and the
 * segments they name, with the version of the server's state it was taken from (it only grows, so a
 * client can tell a newer ruleset from an older one).
 *
 * @param environment e.g. "production"
 * @param version     the server's flag-state version
 * @param segments    the segments the flags refer to
 * @param flags       the flags' rules
 */
public record Ruleset(String environment, long version, List<Segment> segments, List<FlagRules> flags) {
    /**
     * A strategy naming a segment the ruleset lacks never matches (as in Unleash) rather than making
     * the whole ruleset invalid; the server refuses such rules before they get here.
     *
     * @throws IllegalArgumentException when a flag key or segment name repeats
     */
    public Ruleset {
        segments = segments == null ? List.of() : List.copyOf(segments);
        flags = flags == null ? List.of() : List.copyOf(flags);
        Set<String> segmentNames = new HashSet<>();
        for (Segment s : segments) {
            if (!segmentNames.add(s.name())) {
                throw new IllegalArgumentException("segment " + s.name() + ": defined twice");
            }
        }
        Set<String> keys = new HashSet<>();
        for (FlagRules f : flags) {
            if (!keys.add(f.key())) {
                throw new IllegalArgumentException("flag " + f.key() + ": defined twice");
            }
        }
    }

    /** An empty ruleset, what an SDK starts from with no server, cache or bootstrap file. */
    public static Ruleset empty(String environment) {
        return new Ruleset(environment, 0, List.of(), List.of());
    }
}
