package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.flags.Flag;
import io.slipway.flags.Segment;

/**
 * Reads flag and segment bodies strictly: unknown fields, wrong types and invalid values are refused
 * with the dotted path of the offending field (e.g. {@code environments.production.strategies[0].rollout})
 * and its value.
 */
final class FlagBodies {
    private FlagBodies() {
    }

    /** A flag from a PUT or POST body; a missing key is taken from the path, a different one refused. */
    static Flag flag(String body, String pathKey) {
        return bind(withName(Payloads.object(body), "key", pathKey), Flag.class);
    }

    /** A segment from a PUT body; a missing name is taken from the path, a different one refused. */
    static Segment segment(String body, String pathName) {
        return bind(withName(Payloads.object(body), "name", pathName), Segment.class);
    }

    private static ObjectNode withName(JsonNode tree, String field, String fromPath) {
        ObjectNode object = (ObjectNode) tree;
        JsonNode given = object.get(field);
        if (fromPath != null && (given == null || given.isNull())) {
            object.put(field, fromPath);
        } else if (fromPath != null && !fromPath.equals(given.asText())) {
            throw ApiError.badField(field, given.asText(), "does not match the path, which names " + fromPath);
        }
        return object;
    }

    /** Binds with {@link JsonBinding}, its refusal answered as 400 with the field and value. */
    static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return JsonBinding.bind(tree, type);
        } catch (BindingException e) {
            throw e.field().isEmpty() ? new ApiError(400, "body: " + e.getMessage(), "body", e.value())
                    : new ApiError(400, e.getMessage(), e.field(), e.value());
        }
    }
}
