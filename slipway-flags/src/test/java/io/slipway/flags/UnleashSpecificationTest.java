package io.slipway.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Unleash's published client specification (src/test/resources/unleash-spec) against the
 * evaluator: every "tests" case checks on/off, every "variantTests" case the variant and payload.
 * Unleash's strategies are translated into Slipway's one strategy shape (constraints + rollout).
 */
class UnleashSpecificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("01-simple-examples", "02-user-with-id-strategy",
            "03-gradual-rollout-user-id-strategy", "04-gradual-rollout-session-id-strategy",
            "05-gradual-rollout-random-strategy", "06-remote-address-strategy", "07-multiple-strategies",
            "08-variants", "09-strategy-constraints", "10-flexible-rollout-strategy",
            "11-strategy-constraints-edge-cases", "12-custom-stickiness", "13-constraint-operators",
            "14-constraint-semver-operators", "15-global-constraints", "16-strategy-variants",
            "17-dependent-features", "18-utf8-flag-names", "21-regex-constraint-operators");

    @TestFactory
    Stream<DynamicTest> everySpecificationCasePasses() {
        return FILES.stream().flatMap(UnleashSpecificationTest::cases);
    }

    private static Stream<DynamicTest> cases(String file) {
        JsonNode spec = read(file);
        Evaluator evaluator = Evaluator.of(UnleashRules.ruleset(spec.get("state")));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : spec.path("tests")) {
            tests.add(DynamicTest.dynamicTest(file + ": " + t.get("description").asText(), () ->
                    assertThat(evaluator.isEnabled(t.get("toggleName").asText(), context(t.get("context"))))
                            .as(t.get("description").asText()).isEqualTo(t.get("expectedResult").asBoolean())));
        }
        for (JsonNode t : spec.path("variantTests")) {
            tests.add(DynamicTest.dynamicTest(file + ": " + t.get("description").asText(), () ->
                    checkVariant(evaluator, t)));
        }
        return tests.stream();
    }

    private static void checkVariant(Evaluator evaluator, JsonNode t) {
        String flag = t.get("toggleName").asText();
        FlagContext context = context(t.get("context"));
        JsonNode expected = t.get("expectedResult");
        Variant variant = evaluator.variant(flag, context);
        assertThat(variant.name()).as("variant name").isEqualTo(expected.get("name").asText());
        assertThat(!variant.disabled()).as("variant enabled").isEqualTo(expected.get("enabled").asBoolean());
        if (expected.has("feature_enabled")) {
            assertThat(evaluator.isEnabled(flag, context)).as("feature_enabled")
                    .isEqualTo(expected.get("feature_enabled").asBoolean());
        }
        if (expected.has("payload")) {
            assertThat(variant.payload()).isEqualTo(new Variant.Payload(expected.get("payload").get("type").asText(),
                    expected.get("payload").get("value").asText()));
        } else {
            assertThat(variant.payload()).isNull();
        }
    }

    static FlagContext context(JsonNode json) {
        FlagContext.Builder b = FlagContext.builder();
        json.fields().forEachRemaining(e -> {
            if (e.getKey().equals("properties")) {
                e.getValue().fields().forEachRemaining(p -> b.set(p.getKey(), p.getValue().asText()));
            } else {
                b.set(e.getKey(), e.getValue().asText());
            }
        });
        return b.build();
    }

    private static JsonNode read(String file) {
        try (InputStream in = UnleashSpecificationTest.class.getResourceAsStream("/unleash-spec/" + file + ".json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(file, e);
        }
    }

    /** Unleash's client features format, translated into Slipway's rules. */
    static final class UnleashRules {
        private UnleashRules() {
        }

        static Ruleset ruleset(JsonNode state) {
            List<Segment> segments = new ArrayList<>();
            for (JsonNode s : state.path("segments")) {
                segments.add(new Segment("s" + s.get("id").asText(), null, constraints(s.path("constraints"))));
            }
            List<FlagRules> flags = new ArrayList<>();
            for (JsonNode f : state.path("features")) {
                flags.add(flag(f));
            }
            return new Ruleset("test", 1, segments, flags);
        }

        private static FlagRules flag(JsonNode f) {
            List<Strategy> strategies = new ArrayList<>();
            for (JsonNode s : f.path("strategies")) {
                strategies.add(strategy(s));
            }
            List<Dependency> dependencies = new ArrayList<>();
            for (JsonNode d : f.path("dependencies")) {
                List<String> variants = new ArrayList<>();
                d.path("variants").forEach(v -> variants.add(v.asText()));
                dependencies.add(new Dependency(d.get("feature").asText(),
                        d.has("enabled") ? d.get("enabled").asBoolean() : null, variants));
            }
            return new FlagRules(f.get("name").asText(), f.get("enabled").asBoolean(), strategies,
                    variants(f.path("variants")), dependencies);
        }

        private static Strategy strategy(JsonNode s) {
            JsonNode p = s.path("parameters");
            List<Constraint> constraints = new ArrayList<>(constraints(s.path("constraints")));
            List<String> segments = new ArrayList<>();
            s.path("segments").forEach(id -> segments.add("s" + id.asText()));
            List<Variant> variants = variants(s.path("variants"));
            String groupId = p.has("groupId") ? p.get("groupId").asText() : null;
            return switch (s.get("name").asText()) {
                case "default" -> new Strategy(null, 100, null, null, constraints, segments, variants);
                case "userWithId" -> {
                    constraints.add(Constraint.of("userId", Operator.IN, list(p.get("userIds"))));
                    yield new Strategy(null, 100, null, null, constraints, segments, variants);
                }
                case "remoteAddress" -> {
                    constraints.add(Constraint.of("remoteAddress", Operator.IN, list(p.get("IPs"))));
                    yield new Strategy(null, 100, null, null, constraints, segments, variants);
                }
                case "flexibleRollout" -> new Strategy(null, p.get("rollout").asInt(), p.path("stickiness").asText(null),
                        groupId, constraints, segments, variants);
                case "gradualRolloutUserId" -> new Strategy(null, p.get("percentage").asInt(), "userId", groupId,
                        constraints, segments, variants);
                case "gradualRolloutSessionId" -> new Strategy(null, p.get("percentage").asInt(), "sessionId",
                        groupId, constraints, segments, variants);
                case "gradualRolloutRandom" -> new Strategy(null, p.get("percentage").asInt(), "random", groupId,
                        constraints, segments, variants);
                default -> new Strategy(null, 0, null, null, constraints, segments, variants); // unknown: never on
            };
        }

        private static List<Constraint> constraints(JsonNode list) {
            List<Constraint> out = new ArrayList<>();
            for (JsonNode c : list) {
                Operator op;
                try {
                    op = Operator.valueOf(c.get("operator").asText());
                } catch (IllegalArgumentException e) {
                    out.add(Constraint.of("__unknown operator", Operator.IN)); // never holds, as in Unleash
                    continue;
                }
                List<String> values = new ArrayList<>();
                c.path("values").forEach(v -> values.add(v.asText()));
                try {
                    out.add(new Constraint(c.get("contextName").asText(), op, values, c.path("value").asText(null),
                            c.path("caseInsensitive").asBoolean(), c.path("inverted").asBoolean()));
                } catch (IllegalArgumentException e) {
                    // Slipway refuses such a rule when it is written; Unleash accepts it and never matches.
                    out.add(Constraint.of("__invalid constraint", Operator.IN));
                }
            }
            return out;
        }

        private static List<Variant> variants(JsonNode list) {
            List<Variant> out = new ArrayList<>();
            for (JsonNode v : list) {
                List<Variant.Override> overrides = new ArrayList<>();
                for (JsonNode o : v.path("overrides")) {
                    overrides.add(new Variant.Override(o.get("contextName").asText(), Arrays.asList(list(o.get("values")))));
                }
                JsonNode payload = v.get("payload");
                out.add(new Variant(v.get("name").asText(), v.get("weight").asInt(), payload == null ? null
                        : new Variant.Payload(payload.get("type").asText(), payload.get("value").asText()),
                        v.path("stickiness").asText(null), overrides));
            }
            return out;
        }

        private static String[] list(JsonNode node) {
            if (node.isArray()) {
                List<String> out = new ArrayList<>();
                node.forEach(n -> out.add(n.asText()));
                return out.toArray(String[]::new);
            }
            return Arrays.stream(node.asText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        }
    }
}
