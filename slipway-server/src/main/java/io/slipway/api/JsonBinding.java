package io.slipway.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.slipway.flags.InvalidFlagException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds JSON trees to records strictly, with {@link Json#MAPPER}: unknown fields, wrong types and values
 * a record refuses all become a {@link BindingException} naming the dotted path of the offending field,
 * its value and where it is in the tree. Request bodies and flags.yaml are read by this one binder, so
 * both refuse the same things with the same words.
 */
public final class JsonBinding {
    private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

    private JsonBinding() {
    }

    /** @throws BindingException naming the first field that does not bind */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            throw invalid(e, tree);
        } catch (UnrecognizedPropertyException e) {
            throw BindingException.of(path(e), text(tree.at(pointer(e))), "is not a known field (expected one of "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                    + ")", steps(e));
        } catch (MismatchedInputException e) {
            throw BindingException.of(path(e), text(tree.at(pointer(e))), expected(e.getTargetType()), steps(e));
        } catch (JsonProcessingException e) {
            throw new BindingException(e.getOriginalMessage(), "", null, List.of());
        }
    }

    /**
     * The steps of a dotted field path such as {@code environments.production.strategies[0].segments}:
     * map keys as strings, list indices as integers. For paths relative to one record, whose map keys
     * (environment names) hold no dots.
     */
    public static List<Object> steps(String dotted) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(dotted == null ? "" : dotted);
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
        }
        return steps;
    }

    /** A constructor refused the value: its own message names the problem, the path says where. */
    private static BindingException invalid(ValueInstantiationException e, JsonNode tree) {
        String path = path(e);
        Throwable cause = e.getCause() == null ? e : e.getCause();
        List<Object> steps = new ArrayList<>(steps(e));
        if (cause instanceof InvalidFlagException f) {
            steps.addAll(steps(f.field()));
            String field = path.isEmpty() ? f.field() : path + "." + f.field();
            return new BindingException((path.isEmpty() ? "" : path + ".") + f.getMessage(), field, f.value(), steps);
        }
        JsonNode node = tree.at(pointer(e));
        named(node, cause.getMessage()).ifPresent(steps::add);
        return new BindingException(path.isEmpty() ? cause.getMessage() : path + ": " + cause.getMessage(), path,
                text(node), steps);
    }

    /**
     * The field of {@code node} that a record's message quotes with its value ("rollout 140 must be …",
     * "guard.maxErrorRate: 1.5 must be …"), so a file can point at that line rather than the object's
     * first; the last one quoted, as messages name the object first ("step at 2026-…: rollout 140 …").
     */
    private static Optional<String> named(JsonNode node, String message) {
        String named = null;
        int last = -1;
        for (Iterator<String> names = node.fieldNames(); message != null && names.hasNext(); ) {
            String name = names.next();
            String value = node.get(name).isValueNode() ? node.get(name).asText() : null;
            int at = value == null ? -1 : Math.max(message.lastIndexOf(name + " " + value),
                    message.lastIndexOf(name + ": " + value));
            if (at > last) {
                named = name;
                last = at;
            }
        }
        return Optional.ofNullable(named);
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

    private static List<Object> steps(JsonMappingException e) {
        List<Object> steps = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                steps.add(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                steps.add(r.getIndex());
            }
        }
        return steps;
    }

    private static JsonPointer pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (Object step : steps(e)) {
            pointer.append('/').append(String.valueOf(step).replace("~", "~0").replace("/", "~1"));
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
