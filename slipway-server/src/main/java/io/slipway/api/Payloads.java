package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/** Reads request bodies strictly: a JSON object with known fields of the right types. */
final class Payloads {
    private Payloads() {
    }

    static JsonNode object(String body, Set<String> allowed) {
        JsonNode node = object(body);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badField(name, node.get(name).toString(),
                        "is not a known field (expected one of " + String.join(", ", allowed) + ")");
            }
        }
        return node;
    }

    /** Like {@link #object(String, Set)}, with no body read as an empty object. */
    static JsonNode optionalObject(String body, Set<String> allowed) {
        return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : object(body, allowed);
    }

    /** Any JSON object; its fields are checked by whoever binds it. */
    static JsonNode object(String body) {
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

    /** A whole number field, or null when absent. */
    static Integer optionalInt(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw ApiError.badField(field, value.asText(), "must be a whole number");
        }
        return value.asInt();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
