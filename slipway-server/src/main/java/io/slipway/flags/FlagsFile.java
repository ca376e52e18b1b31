package io.slipway.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.api.BindingException;
import io.slipway.api.Json;
import io.slipway.api.JsonBinding;
import io.slipway.config.LocatedYaml;
import io.slipway.config.YamlSyntaxException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A flags.yaml (GitOps): segments and flags declared as the API's JSON, each under its name, read
 * strictly. Parsing checks all that the file alone can tell (YAML syntax, unknown fields, types, values a
 * record refuses, a key that contradicts its map key) and reports every declaration's first problem, each
 * as {@code file:line:column: path: "value" problem}. What needs the rest of the state (configured
 * environments, segments and parent flags that exist) is checked when {@link Flags#applyFile} writes it,
 * and its refusal is located in the file the same way ({@link #refused}).
 */
public final class FlagsFile {
    /** Who the audit trail says changed a flag when a file did. */
    public static final String WHO = "flags.yaml";
    private static final Set<String> SECTIONS = Set.of("segments", "flags");
    private static final Section SEGMENTS = new Section("segments", "name", Set.of());
    /** The API's flag JSON has these, but the server sets them: a file that gives them is mistaken. */
    private static final Section FLAGS = new Section("flags", "key", Set.of("createdAt", "updatedAt", "version"));

    private final LocatedYaml yaml;
    private final String source;
    private final String hash;
    private final List<Segment> segments;
    private final List<Flag> flags;

    private FlagsFile(LocatedYaml yaml, String source, String hash, List<Segment> segments, List<Flag> flags) {
        this.yaml = yaml;
        this.source = source;
        this.hash = hash;
        this.segments = List.copyOf(segments);
        this.flags = List.copyOf(flags);
    }

    /**
     * @param source names the file in messages and in the audit trail, e.g. its path
     * @throws FlagsFileException with every problem found, each located
     */
    public static FlagsFile parse(String text, String source) {
        LocatedYaml yaml;
        try {
            yaml = LocatedYaml.parse(text, source);
        } catch (YamlSyntaxException e) {
            throw new FlagsFileException(List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        checkSections(yaml, problems);
        List<Segment> segments = declarations(yaml, SEGMENTS, Segment.class, problems);
        List<Flag> flags = declarations(yaml, FLAGS, Flag.class, problems);
        if (!problems.isEmpty()) {
            throw new FlagsFileException(problems);
        }
        return new FlagsFile(yaml, source, sha256(text), segments, flags);
    }

    /** sha-256 of the text as UTF-8, in hex: what tells one version of a file from another. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public String source() {
        return source;
    }

    /** sha-256 of the content, hex. */
    public String hash() {
        return hash;
    }

    public List<Segment> segments() {
        return segments;
    }

    public List<Flag> flags() {
        return flags;
    }

    /** The file as the author of its changes: "flags.yaml", with its path and content hash as the reason. */
    public Actor actor() {
        return new Actor(WHO, source + " sha256:" + hash.substring(0, 12));
    }

    /** The record of this file as applied at {@code at}: a hash of each declaration, to tell later which changed. */
    AppliedFile applied(Instant at) {
        return new AppliedFile(source, hash, at, hashes(flags, Flag::key), hashes(segments, Segment::name));
    }

    /** The hash of one declaration as this file makes it; equal hashes, equal declarations. */
    static String declared(Object declaration) {
        return sha256(Json.write(declaration));
    }

    /**
     * The rest of the state refused flag {@code key} as declared here: the refusal, located at the
     * field it names (or, when it names a value, the map key or list element that holds it).
     */
    FlagsFileException refused(String key, InvalidFlagException e) {
        List<Object> steps = new ArrayList<>(List.of("flags", key));
        steps.addAll(JsonBinding.steps(e.field()));
        holding(node(yaml, steps), e.value()).ifPresent(steps::add);
        return new FlagsFileException(List.of(where(yaml, steps) + ": flags." + key + "." + e.getMessage()));
    }

    private static void checkSections(LocatedYaml yaml, List<String> problems) {
        if (!yaml.tree().isObject()) {
            problems.add(yaml.locate(List.of()) + ": expected a map with segments: and flags:");
            return;
        }
        for (Iterator<String> names = yaml.tree().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SECTIONS.contains(name)) {
                problems.add(where(yaml, List.of(name)) + ": " + name + ": is not a known section (expected one of"
                        + " flags, segments)");
            }
        }
    }

    private static <T> List<T> declarations(LocatedYaml yaml, Section section, Class<T> type, List<String> problems) {
        JsonNode map = yaml.tree().path(section.name());
        if (map.isMissingNode() || map.isNull()) {
            return List.of();
        }
        if (!map.isObject()) {
            problems.add(where(yaml, List.of(section.name())) + ": " + section.name()
                    + ": must be a map of name to definition");
            return List.of();
        }
        List<T> bound = new ArrayList<>();
        map.fields().forEachRemaining(e -> new Declaration(yaml, section, e.getKey(), problems)
                .bind(e.getValue(), type).ifPresent(bound::add));
        return bound;
    }

    /**
     * {@code file:line:column} of the node at {@code steps}; of its key when it is a map or a list, which
     * starts on a later line than the key that names it.
     */
    private static String where(LocatedYaml yaml, List<Object> steps) {
        boolean keyed = !steps.isEmpty() && steps.get(steps.size() - 1) instanceof String;
        return keyed && node(yaml, steps).isContainerNode() ? yaml.locateKey(steps) : yaml.locate(steps);
    }

    private static JsonNode node(LocatedYaml yaml, List<Object> steps) {
        JsonNode node = yaml.tree();
        for (Object step : steps) {
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return node;
    }

    private static Optional<Object> holding(JsonNode node, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value);
        if (node.isObject() && node.has(text)) {
            return Optional.of(text);
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            if (node.get(i).isValueNode() && node.get(i).asText().equals(text)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static <T> Map<String, String> hashes(List<T> declarations, Function<T, String> name) {
        Map<String, String> hashes = new LinkedHashMap<>();
        declarations.forEach(d -> hashes.put(name.apply(d), declared(d)));
        return hashes;
    }

    /**
     * A section of the file: its name, the field of a declaration that holds the map key, and fields the
     * API's JSON has but the server sets.
     */
    private record Section(String name, String nameField, Set<String> serverFields) {
    }

    /** One named declaration of a section, bound with its problems reported at their place in the file. */
    private record Declaration(LocatedYaml yaml, Section section, String name, List<String> problems) {
        <T> Optional<T> bind(JsonNode node, Class<T> type) {
            if (!node.isObject() && !node.isNull()) {
                return refuse(List.of(), ": must be a map of fields, as the API's JSON");
            }
            ObjectNode fields = node.isNull() ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
            if (!consistent(fields)) {
                return Optional.empty();
            }
            fields.put(section.nameField(), name);
            try {
                return Optional.of(JsonBinding.bind(fields, type));
            } catch (BindingException e) {
                return refuse(e.steps(), (e.field().isEmpty() ? ": " : ".") + e.getMessage());
            }
        }

        /** Refuses fields the server sets and a name that contradicts the map key: false when it did. */
        private boolean consistent(ObjectNode fields) {
            int before = problems.size();
            section.serverFields().stream().sorted().filter(fields::has).forEach(f -> refuse(List.of(f), "." + f
                    + ": \"" + fields.get(f).asText() + "\" is set by the server; remove it"));
            JsonNode given = fields.path(section.nameField());
            if (given.isValueNode() && !given.isNull() && !given.asText().equals(name)) {
                refuse(List.of(section.nameField()), "." + section.nameField() + ": \"" + given.asText()
                        + "\" does not match its map key, " + name);
            }
            return problems.size() == before;
        }

        private <T> Optional<T> refuse(List<Object> steps, String problem) {
            List<Object> at = new ArrayList<>(List.of(section.name(), name));
            at.addAll(steps);
            problems.add(where(yaml, at) + ": " + section.name() + "." + name + problem);
            return Optional.empty();
        }
    }
}
