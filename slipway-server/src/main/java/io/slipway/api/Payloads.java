package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/** Reads request bodies strictly: a JSON object with known fields of the right types. */
final class Payloads {
    private Payloads() {
    }

    static JsonNode object(String body, Set<String> allowed) {
        if (body == null || body.isBlank()) {
            throw new ApiError(400, "request body: expected a JSON object, got nothing", "body", null);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(400, "request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")",
                    "body", abbreviate(body));
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(400, "request body: expected a JSON object", "body", abbreviate(body));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badField(name, node.get(name).toString(),
                        "is not a known field (expected one of " + String.join(", ", allowed) + ")");
            }
        }
        return node;
    }

    static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.badField(field, null, "");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiError.badField(field, value.toString(), "must be a non-empty string");
        }
        return value.asText();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badField(field, value.toString(), "must be a string");
        }
        return value.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
