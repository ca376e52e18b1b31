package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.flags.FlagContext;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/flags/{key}/evaluate}: an optional environment and the context,
 * either under {@code "context"} or with its fields at the top level, e.g.
 * {@code {"environment": "staging", "userId": "u1", "properties": {"role": "admin"}}}.
 *
 * @param environment the environment asked for, or null for the default
 * @param context     the context; its environment is the one evaluated in unless it names its own
 */
record EvaluationRequest(String environment, FlagContext context) {
    private static final Set<String> CONTEXT_FIELDS = Set.of("userId", "sessionId", "remoteAddress", "appName",
            "currentTime", "properties");
    private static final Set<String> TOP_FIELDS = Set.of("environment", "context", "userId", "sessionId",
            "remoteAddress", "appName", "currentTime", "properties");

    /** Reads a body (none means the default environment and an empty context). */
    static EvaluationRequest parse(String body) {
        JsonNode json = Payloads.optionalObject(body, TOP_FIELDS);
        String environment = Payloads.optionalText(json, "environment");
        JsonNode context = json.get("context");
        if (context == null || context.isNull()) {
            return new EvaluationRequest(environment, context(json, "", false));
        }
        if (!context.isObject()) {
            throw ApiError.badField("context", context.toString(), "must be an object, e.g. {\"userId\": \"u1\"}");
        }
        json.fieldNames().forEachRemaining(name -> {
            if (CONTEXT_FIELDS.contains(name)) {
                throw ApiError.badField(name, json.get(name).asText(), "is a context field: put it inside"
                        + " \"context\" or give the whole context at the top level, not both");
            }
        });
        return new EvaluationRequest(environment, context(context, "context.", true));
    }

    private static FlagContext context(JsonNode json, String prefix, boolean nested) {
        FlagContext.Builder b = FlagContext.builder();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            if (name.equals("properties")) {
                properties(b, f.getValue(), prefix + "properties");
            } else if (CONTEXT_FIELDS.contains(name) || nested && name.equals("environment")) {
                set(b, prefix + name, name, f.getValue());
            } else if (nested) {
                throw ApiError.badField(prefix + name, f.getValue().asText(), "is not a context field (expected one"
                        + " of userId, sessionId, remoteAddress, environment, appName, currentTime, properties)");
            }
        }
        return b.build();
    }

    private static void properties(FlagContext.Builder b, JsonNode properties, String path) {
        if (properties.isNull()) {
            return;
        }
        if (!properties.isObject()) {
            throw ApiError.badField(path, properties.toString(), "must be an object of names and values");
        }
        properties.fields().forEachRemaining(p -> set(b, path + "." + p.getKey(), p.getKey(), p.getValue()));
    }

    /** Strings, numbers and booleans are taken as their text, since constraints compare text. */
    private static void set(FlagContext.Builder b, String path, String name, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        if (!value.isValueNode()) {
            throw ApiError.badField(path, value.toString(), "must be a string, number or boolean");
        }
        try {
            b.set(name, value.asText());
        } catch (IllegalArgumentException e) { // only currentTime is parsed
            throw ApiError.badField(path, value.asText(), "is not an ISO-8601 instant (e.g. 2026-12-06T10:00:00Z)");
        }
    }
}
