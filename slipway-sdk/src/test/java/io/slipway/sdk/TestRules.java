package io.slipway.sdk;

import io.slipway.flags.FlagRules;
import io.slipway.flags.Ruleset;
import io.slipway.flags.Variant;

import java.util.List;

/** Rulesets for the SDK's tests. */
final class TestRules {
    static final String ENV = "production";

    private TestRules() {
    }

    /** "checkout" on or off for everyone, at {@code version}. */
    static Ruleset checkout(long version, boolean on) {
        return new Ruleset(ENV, version, List.of(), List.of(FlagRules.simple("checkout", on)));
    }

    /** "checkout" on for {@code percent} % of users with variants blue/green, plus "hybrid.price-db" on or off. */
    static Ruleset abTest(long version, int percent, boolean hybridOn) {
        FlagRules checkout = FlagRules.rollout("checkout", percent).withVariants(List.of(
                new Variant("blue", 500, new Variant.Payload("string", "#00f"), null, List.of()),
                new Variant("green", 500, new Variant.Payload("string", "#0f0"), null, List.of())));
        return new Ruleset(ENV, version, List.of(), List.of(checkout, FlagRules.simple("hybrid.price-db", hybridOn)));
    }
}
