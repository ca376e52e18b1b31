package io.slipway.flags;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One arm of an A/B/n split: a name, a weight relative to the other variants, an optional payload,
 * and overrides that pin given context values to it.
 *
 * @param name       e.g. "control", "blue-button"
 * @param weight     share relative to the sum of the weights (Unleash uses a sum of 1000)
 * @param payload    what the variant carries, or null
 * @param stickiness the context field that keeps a user on one variant ("default": userId, sessionId,
 *                   remoteAddress, then random); null means default
 * @param overrides  context values that always get this variant
 */
public record Variant(String name, int weight, Payload payload, String stickiness, List<Override> overrides) {
    /** The variant returned when a flag is off or has no variants, as in Unleash. */
    public static final Variant DISABLED = new Variant("disabled", 0, null, null, List.of());

    /** @throws IllegalArgumentException when the name is invalid or the weight negative */
    public Variant {
        Names.requireKey("variant name", name);
        if (weight < 0) {
            throw new IllegalArgumentException("variant " + name + ": weight " + weight + " must be 0 or more");
        }
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    /** A variant with a weight and no payload. */
    public static Variant of(String name, int weight) {
        return new Variant(name, weight, null, null, List.of());
    }

    /** True for the {@link #DISABLED} pseudo-variant. */
    public boolean disabled() {
        return this == DISABLED || "disabled".equals(name) && weight == 0 && payload == null;
    }

    /**
     * A variant's payload.
     *
     * @param type  string, json, number or csv, as Unleash
     * @param value the payload as text
     */
    public record Payload(String type, String value) {
        private static final Set<String> TYPES = Set.of("string", "json", "number", "csv");

        /** @throws IllegalArgumentException for an unknown type or a missing value */
        public Payload {
            if (type == null || !TYPES.contains(type)) {
                throw new IllegalArgumentException("payload type: \"" + type + "\" is not one of string, json, number, csv");
            }
            Objects.requireNonNull(value, "payload value");
        }
    }

    /**
     * Pins contexts whose {@code contextName} is one of {@code values} to the variant.
     *
     * @param contextName the field
     * @param values      the values pinned
     */
    public record Override(String contextName, List<String> values) {
        /** @throws IllegalArgumentException when the field is missing */
        public Override {
            if (contextName == null || contextName.isBlank()) {
                throw new IllegalArgumentException("override contextName: missing");
            }
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
