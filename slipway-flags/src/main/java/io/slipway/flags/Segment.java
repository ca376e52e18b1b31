package io.slipway.flags;

import java.util.List;

/**
 * A named, reusable set of constraints (all must hold), e.g. {@code admins: role IN [admin]} or
 * {@code power-users: plan IN [pro, enterprise]}; strategies refer to segments by name.
 *
 * @param name        unique within the ruleset
 * @param description what the segment means
 * @param constraints all must hold for a context to be in the segment
 */
public record Segment(String name, String description, List<Constraint> constraints) {
    /** @throws IllegalArgumentException when the name is not a valid key */
    public Segment {
        Names.requireKey("segment name", name);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }
}
