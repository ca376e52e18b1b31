package io.slipway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a Jackson tree that remembers where each node was written, so that a problem
 * found after parsing (a bad value in a record, a reference to a missing flag) can still be reported
 * as {@code flags.yaml:12:9}. Duplicate keys are refused, as a GitOps file must say one thing.
 */
public final class LocatedYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final String source;
    private final JsonNode tree;
    private final Map<List<Object>, Mark> marks;
    /** Where each map key was written, by the path of its value. */
    private final Map<List<Object>, Mark> keys;

    private LocatedYaml(String source, JsonNode tree, Map<List<Object>, Mark> marks, Map<List<Object>, Mark> keys) {
        this.source = source;
        this.tree = tree;
        this.marks = marks;
        this.keys = keys;
    }

    /**
     * Parses {@code text}; {@code source} names it in messages.
     *
     * @throws YamlSyntaxException with line and column when the text is not YAML or repeats a key
     */
    public static LocatedYaml parse(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // The context says where the construct the parser gave up on began, often the line to fix.
            String context = e.getContext() == null || e.getContextMark() == null ? ""
                    : " (" + e.getContext() + " at " + position(e.getContextMark()) + ")";
            throw new YamlSyntaxException(source + ":" + position(e.getProblemMark()) + ": " + e.getProblem()
                    + context);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new YamlSyntaxException(source + ": " + e.getMessage());
        }
        Map<List<Object>, Mark> marks = new HashMap<>();
        Map<List<Object>, Mark> keys = new HashMap<>();
        JsonNode tree = root == null ? NODES.objectNode() : convert(root, List.of(), new Marks(marks, keys), source);
        return new LocatedYaml(source, tree, marks, keys);
    }

    public JsonNode tree() {
        return tree;
    }

    /**
     * Where the node at {@code path} (map keys and list indices) was written, as {@code source:line:column};
     * for a path that goes beyond the document, the deepest node on it that exists.
     */
    public String locate(List<?> path) {
        for (int n = path.size(); n >= 0; n--) {
            Mark mark = marks.get(new ArrayList<Object>(path.subList(0, n)));
            if (mark != null) {
                return source + ":" + position(mark);
            }
        }
        return source;
    }

    /**
     * Where the map key of the node at {@code path} was written, as {@code source:line:column}: better than
     * {@link #locate} for a map or list value, which starts on a later line than its key. For a path
     * that does not end in a map key, as {@link #locate}.
     */
    public String locateKey(List<?> path) {
        Mark mark = keys.get(new ArrayList<Object>(path));
        return mark == null ? locate(path) : source + ":" + position(mark);
    }

    private static String position(Mark mark) {
        return (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** Where values and map keys start, by path. */
    private record Marks(Map<List<Object>, Mark> values, Map<List<Object>, Mark> keys) {
    }

    private static JsonNode convert(Node node, List<Object> path, Marks marks, String source) {
        marks.values().put(path, node.getStartMark());
        if (node instanceof MappingNode map) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw new YamlSyntaxException(source + ":" + position(t.getKeyNode().getStartMark())
                            + ": a key must be a plain value");
                }
                if (object.has(key.getValue())) {
                    throw new YamlSyntaxException(source + ":" + position(key.getStartMark()) + ": duplicate key "
                            + key.getValue() + " (first at line "
                            + (marks.keys().get(append(path, key.getValue())).getLine() + 1) + ")");
                }
                marks.keys().put(append(path, key.getValue()), key.getStartMark());
                object.set(key.getValue(), convert(t.getValueNode(), append(path, key.getValue()), marks, source));
            }
            return object;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode array = NODES.arrayNode();
            for (int i = 0; i < seq.getValue().size(); i++) {
                array.add(convert(seq.getValue().get(i), append(path, i), marks, source));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private static JsonNode scalar(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (tag.equals(Tag.NULL)) {
                return NODES.nullNode();
            } else if (tag.equals(Tag.BOOL)) {
                return NODES.booleanNode(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
            } else if (tag.equals(Tag.INT)) {
                return NODES.numberNode(new BigInteger(v.replace("_", "")));
            } else if (tag.equals(Tag.FLOAT)) {
                return NODES.numberNode(new BigDecimal(v.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return NODES.textNode(v); // 0x1F, .inf and the like: left as text for the reader to judge
        }
        return NODES.textNode(v);
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }
}
