package io.slipway.openfeature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Value;
import io.slipway.flags.Variant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a variant's payload as the type an OpenFeature evaluation asks for. */
final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    /** Reads a payload; throws {@link TypeMismatchException} for the wrong payload type. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Variant.Payload payload);
    }

    /** A payload whose type cannot give the value asked for, e.g. a json payload read as a number. */
    static final class TypeMismatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TypeMismatchException(Variant.Payload payload, String wanted) {
            super("payload type " + payload.type() + " is not " + wanted);
        }
    }

    /** string and csv payloads, as written. */
    static String string(Variant.Payload payload) {
        if (!payload.type().equals("string") && !payload.type().equals("csv")) {
            throw new TypeMismatchException(payload, "string or csv");
        }
        return payload.value();
    }

    /** number payloads; exact, so that callers can refuse a fraction asked for as an integer. */
    static BigDecimal number(Variant.Payload payload) {
        if (!payload.type().equals("number")) {
            throw new TypeMismatchException(payload, "number");
        }
        return new BigDecimal(payload.value().trim());
    }

    /** json payloads as structures, lists or scalars; string and number payloads as their own values. */
    static Value value(Variant.Payload payload) {
        return switch (payload.type()) {
            case "json" -> json(payload.value());
            case "number" -> new Value(number(payload).doubleValue());
            default -> new Value(payload.value());
        };
    }

    private static Value json(String text) {
        try {
            return value(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Value value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Value> fields = new LinkedHashMap<>();
            node.properties().forEach(f -> fields.put(f.getKey(), value(f.getValue())));
            return new Value(new ImmutableStructure(fields));
        }
        if (node.isArray()) {
            List<Value> items = new ArrayList<>();
            node.forEach(item -> items.add(value(item)));
            return new Value(items);
        }
        return scalar(node);
    }

    private static Value scalar(JsonNode node) {
        if (node.isBoolean()) {
            return new Value(node.booleanValue());
        }
        if (node.isInt()) {
            return new Value(node.intValue());
        }
        if (node.isLong()) {
            return new Value(node.longValue());
        }
        if (node.isNumber()) {
            return new Value(node.doubleValue());
        }
        return node.isNull() ? new Value() : new Value(node.asText());
    }
}
