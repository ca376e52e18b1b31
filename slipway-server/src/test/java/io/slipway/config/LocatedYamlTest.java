package io.slipway.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocatedYamlTest {
    private static final String YAML = """
            flags:
              checkout.v2:
                category: checkout
                environments:
                  production:
                    enabled: true
                    strategies:
                      - rollout: 20
                      - rollout: 40
            """;

    @Test
    void locatesEveryNodeByItsPath() {
        LocatedYaml y = LocatedYaml.parse(YAML, "flags.yaml");
        assertThat(y.tree().at("/flags/checkout.v2/environments/production/strategies/1/rollout").asInt()).isEqualTo(40);
        assertThat(y.locate(List.of("flags", "checkout.v2", "category"))).isEqualTo("flags.yaml:3:15");
        assertThat(y.locate(List.of("flags", "checkout.v2", "environments", "production", "strategies", 1)))
                .isEqualTo("flags.yaml:9:13");
        assertThat(y.locate(List.of("flags", "checkout.v2", "owner"))).as("missing: its parent").isEqualTo("flags.yaml:3:5");
    }

    @Test
    void locatesTheKeyOfAMapOrListValueWhichStartsOnTheNextLine() {
        LocatedYaml y = LocatedYaml.parse(YAML, "flags.yaml");
        assertThat(y.locate(List.of("flags", "checkout.v2", "environments"))).isEqualTo("flags.yaml:5:7");
        assertThat(y.locateKey(List.of("flags", "checkout.v2", "environments"))).isEqualTo("flags.yaml:4:5");
        assertThat(y.locateKey(List.of("flags", "checkout.v2", "environments", "production", "strategies", 1)))
                .as("a list element has no key: where it starts").isEqualTo("flags.yaml:9:13");
    }

    @Test
    void typesScalarsAsYamlDoes() {
        LocatedYaml y = LocatedYaml.parse("a: 1\nb: 1.5\nc: true\nd: ~\ne: '20'\nf: 2026-12-06T09:00:00Z\n", "x");
        assertThat(y.tree().get("a").isIntegralNumber()).isTrue();
        assertThat(y.tree().get("b").isNumber()).isTrue();
        assertThat(y.tree().get("c").asBoolean()).isTrue();
        assertThat(y.tree().get("d").isNull()).isTrue();
        assertThat(y.tree().get("e").isTextual()).isTrue();
        assertThat(y.tree().get("f").asText()).isEqualTo("2026-12-06T09:00:00Z");
    }

    @Test
    void refusesBrokenYamlAndDuplicateKeysWithLineAndColumn() {
        assertThatThrownBy(() -> LocatedYaml.parse("flags:\n  a: [1, 2\n", "flags.yaml"))
                .isInstanceOf(YamlSyntaxException.class).hasMessageStartingWith("flags.yaml:3:")
                .hasMessageEndingWith("(while parsing a flow sequence at 2:6)");
        assertThatThrownBy(() -> LocatedYaml.parse("flags:\n  a: 1\n  a: 2\n", "flags.yaml"))
                .isInstanceOf(YamlSyntaxException.class).hasMessageStartingWith("flags.yaml:3:3").hasMessageContaining("duplicate key a");
    }
}
