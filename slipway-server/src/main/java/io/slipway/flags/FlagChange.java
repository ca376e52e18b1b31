package io.slipway.flags;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One recorded change of a flag or a segment: the audit trail and what listeners (the SSE stream,
 * schedules, guards) are told after it is committed.
 *
 * @param version     the flag state's version this change produced (the audit row's id); 0 before it is written
 * @param at          when
 * @param who         who made it (the X-Slipway-User header, "api", "schedule" …)
 * @param action      what kind of change
 * @param flag        the flag's key, or null for a segment change
 * @param segment     the segment's name, or null for a flag change
 * @param environment the environment changed, or null for all or none in particular
 * @param before      the flag or segment as JSON before, or null when created
 * @param after       as JSON after, or null when deleted
 * @param reason      why, or null
 */
public record FlagChange(long version, Instant at, String who, Action action, String flag, String segment,
                         String environment, JsonNode before, JsonNode after, String reason) {
    /** What a change did. */
    public enum Action {
        CREATE("create"), UPDATE("update"), ENABLE("enable"), DISABLE("disable"), ROLLOUT("rollout"),
        DELETE("delete"), DISABLE_ALL("disable-all"), SCHEDULE("schedule"), GUARD("guard"), SEGMENT_CREATE("segment-create"),
        SEGMENT_UPDATE("segment-update"), SEGMENT_DELETE("segment-delete");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        /** As written in the store and the API, e.g. {@code disable-all}. */
        @JsonValue
        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException for an unknown label */
        public static Action parse(String label) {
            for (Action a : values()) {
                if (a.label.equals(label)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("flag change action \"" + label + "\" is unknown");
        }
    }

    /** This change as recorded under {@code id}. */
    public FlagChange withVersion(long id) {
        return new FlagChange(id, at, who, action, flag, segment, environment, before, after, reason);
    }

    /** A flag or segment as JSON, through text, so that listeners get the same tree that history reads back. */
    static JsonNode tree(Object value) {
        try {
            return value == null ? null : io.slipway.api.Json.MAPPER.readTree(io.slipway.api.Json.write(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read back the JSON just written: " + e.getOriginalMessage(), e);
        }
    }
}
