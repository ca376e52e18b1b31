package io.slipway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.flags.FlagContext;
import io.slipway.flags.Ruleset;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @Test
    void aRulesetWithFieldsANewerServerAddsStillReads() {
        Ruleset ruleset = Json.ruleset("{\"environment\":\"production\",\"version\":4,\"generatedAt\":\"2026-12-06T10:00:00Z\","
                + "\"flags\":[{\"key\":\"checkout\",\"enabled\":true,\"owner\":\"team-a\",\"strategies\":[{\"rollout\":20,\"note\":\"x\"}]}]}",
                "test");
        assertThat(ruleset.version()).isEqualTo(4);
        assertThat(ruleset.flags().get(0).strategies().get(0).rollout()).isEqualTo(20);
    }

    @Test
    void textThatIsNotARulesetIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> Json.ruleset("null", "GET /ruleset")).isInstanceOf(InvalidRulesetException.class)
                .hasMessage("GET /ruleset: empty, not a ruleset");
        assertThatThrownBy(() -> Json.ruleset("{\"environment\":\"production\",\"flags\":[{\"key\":\"a b\"}]}", "GET /ruleset"))
                .isInstanceOf(InvalidRulesetException.class).hasMessageContaining("GET /ruleset: not a valid ruleset")
                .hasMessageContaining("\"a b\" may not contain whitespace");
    }

    @Test
    void anEventsBatchHasExactlyTheWireFormatsFields() throws IOException {
        Events events = new Events();
        FlagContext user = FlagContext.ofUser("u1");
        events.expose("checkout", "green", true, user);
        events.metric("checkout", "green", true, "latency_ms", 12.5, user);
        events.experiment("price-lookup", "hybrid.price-db").record(new ExperimentStats.Run(false, false, true, false, 1_000_000, 2_000_000));
        JsonNode batch = Json.MAPPER.readTree(Json.bytes(events.drain("shop", "production", "host-1/1234", Instant.parse("2026-12-06T10:00:00Z"))));

        assertThat(names(batch)).containsExactly("appName", "environment", "instance", "sentAt", "exposures", "metrics", "experiments");
        assertThat(names(batch.get("exposures").get(0))).containsExactly("flag", "variant", "enabled", "count", "units");
        assertThat(names(batch.get("metrics").get(0)))
                .containsExactly("flag", "variant", "enabled", "name", "count", "sum", "sumSquares", "units");
        JsonNode experiment = batch.get("experiments").get(0);
        assertThat(names(experiment)).containsExactly("name", "flag", "runs", "mismatches", "controlErrors", "candidateErrors",
                "candidateUsed", "controlMs", "candidateMs");
        assertThat(names(experiment.get("controlMs"))).containsExactly("count", "sum", "sumSquares");
        assertThat(batch.get("sentAt").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(experiment.get("candidateMs").get("sum").asDouble()).isEqualTo(2.0);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
