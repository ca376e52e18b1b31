package io.slipway.openfeature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import io.slipway.flags.Constraint;
import io.slipway.flags.FlagContext;
import io.slipway.flags.FlagRules;
import io.slipway.flags.Operator;
import io.slipway.flags.Ruleset;
import io.slipway.flags.Strategy;
import io.slipway.flags.Variant;
import io.slipway.sdk.SlipwayFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SlipwayProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Ruleset RULES = new Ruleset("production", 7, List.of(), List.of(
            FlagRules.rollout("checkout", 100).withVariants(List.of(payload("blue", "string", "#00f"), payload("green", "string", "#0f0"))),
            FlagRules.simple("everyone", true),
            FlagRules.simple("kill", false),
            new FlagRules("staff", true, List.of(new Strategy("staff", 100, null, null, List.of(Constraint.of("role", Operator.IN, "admin"),
                    Constraint.of("age", Operator.NUM_GT, "18"), Constraint.of("sessionId", Operator.IN, "s1")), List.of(), List.of())),
                    List.of(), List.of()),
            FlagRules.simple("price", true).withVariants(List.of(payload("v1", "number", "12.5"))),
            FlagRules.simple("retries", true).withVariants(List.of(payload("v1", "number", "3"))),
            FlagRules.simple("limits", true).withVariants(List.of(payload("v1", "json", "{\"max\":5,\"tags\":[\"a\",\"b\"],\"strict\":true}"))),
            FlagRules.simple("bad-json", true).withVariants(List.of(payload("v1", "json", "{oops")))));

    @TempDir
    Path dir;
    private SlipwayFlags flags;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (flags != null) {
            flags.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static Variant payload(String name, String type, String value) {
        return new Variant(name, 1000, new Variant.Payload(type, value), null, List.of());
    }

    /** An OpenFeature client on a domain of its own, served by a Slipway client with the server down and RULES bootstrapped. */
    private Client openFeature() throws IOException {
        Path bootstrap = Files.write(dir.resolve("bootstrap.json"), JSON.writeValueAsBytes(RULES));
        flags = SlipwayFlags.builder().server(deadServer()).environment("production").appName("shop").bootstrap(bootstrap).build();
        return clientFor(new SlipwayProvider(flags, Duration.ofMillis(100)));
    }

    private static Client clientFor(SlipwayProvider provider) {
        String domain = "slipway-test-" + UUID.randomUUID();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, provider);
        return OpenFeatureAPI.getInstance().getClient(domain);
    }

    private static URI deadServer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void theProviderIsNamedSlipwayAndReadyWithTheServerDown() throws IOException {
        Client client = openFeature();
        assertThat(new SlipwayProvider(flags).getMetadata().getName()).isEqualTo("slipway");
        assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
        assertThat(client.getBooleanValue("everyone", false)).isTrue();
    }

    @Test
    void initialisationWaitsForTheServersRules() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/flags/", exchange -> {
            byte[] body = JSON.writeValueAsBytes(RULES);
            boolean ruleset = exchange.getRequestURI().getPath().endsWith("/ruleset");
            exchange.sendResponseHeaders(ruleset ? 200 : 404, ruleset ? body.length : -1);
            if (ruleset) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        flags = SlipwayFlags.builder().server(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .environment("production").appName("shop").build();

        Client client = clientFor(new SlipwayProvider(flags, Duration.ofSeconds(10)));

        assertThat(flags.version()).isEqualTo(7);
        assertThat(client.getBooleanValue("everyone", false)).isTrue();
    }

    @Test
    void booleanValuesAreTheFlagsStateWithVariantAndReason() throws IOException {
        Client client = openFeature();
        MutableContext alice = new MutableContext("alice");
        FlagEvaluationDetails<Boolean> checkout = client.getBooleanDetails("checkout", false, alice);
        assertThat(checkout.getValue()).isTrue();
        assertThat(checkout.getReason()).isEqualTo(Reason.TARGETING_MATCH.name());
        assertThat(checkout.getVariant()).isEqualTo(flags.variant("checkout", FlagContext.ofUser("alice")).name());

        FlagEvaluationDetails<Boolean> kill = client.getBooleanDetails("kill", true);
        assertThat(kill.getValue()).isFalse();
        assertThat(kill.getReason()).isEqualTo(Reason.DISABLED.name());
        assertThat(kill.getVariant()).isNull();
        assertThat(client.getBooleanDetails("everyone", false).getReason()).isEqualTo(Reason.STATIC.name());
    }

    @Test
    void anUnknownFlagGivesTheDefaultWithFlagNotFound() throws IOException {
        FlagEvaluationDetails<Boolean> details = openFeature().getBooleanDetails("no-such-flag", true);
        assertThat(details.getValue()).isTrue();
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(details.getReason()).isEqualTo(Reason.ERROR.name());
        assertThat(details.getErrorMessage()).contains("no-such-flag");
    }

    @Test
    void typedValuesComeFromTheVariantsPayload() throws IOException {
        Client client = openFeature();
        assertThat(client.getStringValue("checkout", "none", new MutableContext("u1"))).isIn("#00f", "#0f0");
        assertThat(client.getDoubleValue("price", 0.0)).isEqualTo(12.5);
        assertThat(client.getIntegerValue("retries", 0)).isEqualTo(3);
        Value limits = client.getObjectValue("limits", new Value());
        assertThat(limits.asStructure().getValue("max").asInteger()).isEqualTo(5);
        assertThat(limits.asStructure().getValue("tags").asList()).extracting(Value::asString).containsExactly("a", "b");
        assertThat(limits.asStructure().getValue("strict").asBoolean()).isTrue();
    }

    @Test
    void aFlagThatIsOffOrHasNoPayloadGivesTheDefault() throws IOException {
        Client client = openFeature();
        FlagEvaluationDetails<String> off = client.getStringDetails("kill", "fallback");
        assertThat(off.getValue()).isEqualTo("fallback");
        assertThat(off.getReason()).isEqualTo(Reason.DISABLED.name());
        FlagEvaluationDetails<String> noPayload = client.getStringDetails("everyone", "fallback");
        assertThat(noPayload.getValue()).isEqualTo("fallback");
        assertThat(noPayload.getReason()).isEqualTo(Reason.DEFAULT.name());
        assertThat(noPayload.getErrorCode()).isNull();
    }

    @Test
    void aPayloadOfTheWrongTypeGivesTheDefaultWithTypeMismatch() throws IOException {
        Client client = openFeature();
        FlagEvaluationDetails<Integer> stringAsInt = client.getIntegerDetails("checkout", 42, new MutableContext("u1"));
        assertThat(stringAsInt.getValue()).isEqualTo(42);
        assertThat(stringAsInt.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(client.getIntegerDetails("price", 1).getErrorCode()).as("12.5 as an integer").isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(client.getStringDetails("limits", "x").getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        FlagEvaluationDetails<Value> badJson = client.getObjectDetails("bad-json", new Value("default"));
        assertThat(badJson.getErrorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
        assertThat(badJson.getValue().asString()).isEqualTo("default");
    }

    @Test
    void theContextsTargetingKeyIsTheUserAndItsAttributesAreFieldsOrProperties() throws IOException {
        Client client = openFeature();
        MutableContext admin = new MutableContext("alice").add("role", "admin").add("age", 42).add("sessionId", "s1");
        assertThat(client.getBooleanDetails("staff", false, admin).getReason()).isEqualTo(Reason.TARGETING_MATCH.name());
        assertThat(client.getBooleanValue("staff", true, new MutableContext("alice").add("role", "dev").add("age", 42)
                .add("sessionId", "s1"))).isFalse();
        assertThat(client.getBooleanValue("staff", true, new MutableContext("alice").add("role", "admin").add("age", 12)
                .add("sessionId", "s1"))).isFalse();
        FlagEvaluationDetails<Boolean> noSession = client.getBooleanDetails("staff", true,
                new MutableContext("alice").add("role", "admin").add("age", 42));
        assertThat(noSession.getValue()).isFalse();
        assertThat(noSession.getReason()).isEqualTo(Reason.DEFAULT.name());
    }

    @Test
    void aContextTimeThatIsNotAnInstantIsAnInvalidContext() throws IOException {
        FlagEvaluationDetails<Boolean> details = openFeature().getBooleanDetails("everyone", false,
                new MutableContext("alice").add("currentTime", "yesterday"));
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
        assertThat(details.getValue()).isFalse();
    }
}
