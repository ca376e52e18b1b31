package io.slipway.flags;

import java.util.List;

/**
 * A flag that is only on when another (its parent) is: with {@code enabled} true the parent must be
 * on (and, when {@code variants} is not empty, give one of them); with false the parent must be off.
 * Only one level: a parent that has dependencies of its own fails the check, as in Unleash.
 *
 * @param flag     the parent's key
 * @param enabled  the parent's required state
 * @param variants the parent's acceptable variants, empty for any
 */
public record Dependency(String flag, Boolean enabled, List<String> variants) {
    /** A missing {@code enabled} means true. @throws IllegalArgumentException when the parent key is invalid */
    public Dependency {
        enabled = enabled == null || enabled;
        Names.requireKey("dependency flag", flag);
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** Requires {@code flag} to be on. */
    public static Dependency on(String flag) {
        return new Dependency(flag, true, List.of());
    }
}
