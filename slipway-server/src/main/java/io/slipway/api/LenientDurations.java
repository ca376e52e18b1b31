package io.slipway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.slipway.config.Durations;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads a duration as people write it in slipway.yaml ({@code 5m}, {@code 7d}, {@code 250ms}) or in
 * ISO-8601 ({@code PT5M}, what the API writes), so that bodies and flags.yaml can use either.
 */
final class LenientDurations extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    LenientDurations() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
        }
        String text = p.getText().strip();
        try {
            return text.startsWith("P") || text.startsWith("-P") ? Duration.parse(text) : Durations.parse(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return (Duration) ctx.handleWeirdStringValue(Duration.class, text,
                    "is not a duration (e.g. 5m, 7d, 250ms or PT5M)");
        }
    }
}
