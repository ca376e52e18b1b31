package io.slipway.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Value;
import io.slipway.flags.FlagContext;

/**
 * OpenFeature's evaluation context as Slipway's: the targeting key is the user id; attributes named like
 * Slipway's fields (userId, sessionId, remoteAddress, environment, appName, currentTime) set those fields,
 * any other scalar attribute becomes a property as text. Structures and lists have no place in a flag
 * context and are left out.
 */
final class Contexts {
    private Contexts() {
    }

    /** @throws IllegalArgumentException when currentTime is not an ISO-8601 instant */
    static FlagContext of(EvaluationContext context) {
        if (context == null || context.isEmpty()) {
            return FlagContext.EMPTY;
        }
        FlagContext.Builder builder = FlagContext.builder();
        context.asMap().forEach((name, value) -> {
            String text = text(value);
            if (text != null && !EvaluationContext.TARGETING_KEY.equals(name)) {
                builder.set(name, text);
            }
        });
        String key = context.getTargetingKey();
        if (key != null && !key.isEmpty()) {
            builder.userId(key);
        }
        return builder.build();
    }

    private static String text(Value value) {
        if (value == null || value.isNull() || value.isStructure() || value.isList()) {
            return null;
        }
        if (value.isInstant()) {
            return value.asInstant().toString();
        }
        return value.isString() ? value.asString() : String.valueOf(value.asObject());
    }
}
