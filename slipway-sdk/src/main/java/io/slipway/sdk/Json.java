package io.slipway.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.flags.Ruleset;

/** The SDK's one JSON mapper: the flag records as they are, tolerant of fields a newer server adds. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    /**
     * Reads a ruleset; the records' own checks (a flag defined twice, a rollout over 100 …) count as
     * invalid JSON too, so a bad ruleset is refused whole rather than half applied.
     *
     * @throws InvalidRulesetException naming where the text came from and what is wrong
     */
    static Ruleset ruleset(String text, String origin) {
        try {
            Ruleset ruleset = MAPPER.readValue(text, Ruleset.class);
            if (ruleset == null) {
                throw new InvalidRulesetException(origin + ": empty, not a ruleset");
            }
            return ruleset;
        } catch (JsonProcessingException e) {
            throw new InvalidRulesetException(origin + ": not a valid ruleset: " + e.getOriginalMessage(), e);
        }
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only the SDK's own records are written; failing here is a bug, not a runtime condition.
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
