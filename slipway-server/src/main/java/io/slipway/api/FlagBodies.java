package io.slipway.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.flags.Flag;
import io.slipway.flags.InvalidFlagException;
import io.slipway.flags.Segment;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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

    static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            throw invalid(e, tree);
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            throw ApiError.badField(path, text(tree.at(pointer(e))), "is not a known field (expected one of "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                    + ")");
        } catch (MismatchedInputException e) {
            throw ApiError.badField(path(e), text(tree.at(pointer(e))), expected(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "request body: " + e.getOriginalMessage(), "body", null);
        }
    }

    /** A constructor refused the value: its own message names the problem, the path says where. */
    private static ApiError invalid(ValueInstantiationException e, JsonNode tree) {
        String path = path(e);
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof InvalidFlagException f) {
            String field = path.isEmpty() ? f.field() : path + "." + f.field();
            return new ApiError(400, (path.isEmpty() ? "" : path + ".") + f.getMessage(), field, f.value());
        }
        String where = path.isEmpty() ? "body" : path;
        return new ApiError(400, where + ": " + cause.getMessage(), where, text(tree.at(pointer(e))));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == LocalDate.class) {
            return "is not a date (YYYY-MM-DD, e.g. 2026-12-31)";
        }
        if (type.isEnum()) {
            return "is not one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "is not a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "is not true or false";
        }
        if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
            return "is not a list";
        }
        return type == String.class ? "is not a string" : "is not a " + type.getSimpleName() + " object";
    }

    /** Dotted path with [i] for list elements, e.g. {@code environments.production.strategies[0]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static JsonPointer pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            String step = r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex());
            pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
        }
        return JsonPointer.compile(pointer.toString());
    }

    /** A scalar as its text, anything else as JSON; null when absent. */
    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
