package io.slipway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.flags.FlagContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static io.slipway.sdk.TestRules.ENV;
import static io.slipway.sdk.TestRules.abTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReporterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private FakeSlipwayServer server;
    private SlipwayFlags flags;

    @BeforeEach
    void start() throws IOException {
        server = FakeSlipwayServer.start(abTest(1, 100, false));
    }

    @AfterEach
    void stop() {
        if (flags != null) {
            flags.close();
        }
        server.close();
    }

    private SlipwayFlags client(SlipwayFlags.Builder builder) {
        SlipwayFlags client = builder.server(server.uri()).environment(ENV).appName("shop").instance("host-1/1234")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        assertThat(client.awaitReady(WAIT)).isTrue();
        return client;
    }

    private SlipwayFlags client() {
        return client(SlipwayFlags.builder().eventsInterval(Duration.ofHours(1)));
    }

    private void flush() {
        flags.reporter().flush(Duration.ofSeconds(5));
    }

    @Test
    void exposuresAndMetricsArePostedPerFlagVariantAndStateWithTheirUnits() {
        flags = client();
        for (int i = 0; i < 10; i++) {
            flags.variant("checkout", FlagContext.ofUser("u" + i));
            flags.expose("checkout", FlagContext.ofUser("u" + i));
        }
        FlagContext u1 = FlagContext.ofUser("u1");
        FlagContext session = FlagContext.builder().sessionId("s9").build();
        flags.track("checkout", u1, "conversion", 1);
        flags.recordLatency("checkout", u1, 12.5);
        flags.recordLatency("checkout", u1, 7.5);
        flags.recordError("checkout", session);

        flush();

        JsonNode batch = single(server.postedEvents);
        assertThat(batch.get("appName").asText()).isEqualTo("shop");
        assertThat(batch.get("environment").asText()).isEqualTo(ENV);
        assertThat(batch.get("instance").asText()).isEqualTo("host-1/1234");
        assertThat(batch.get("sentAt").asText()).isEqualTo("2026-12-06T10:00:00Z");
        checkExposures(batch.get("exposures"));
        String u1Variant = flags.variant("checkout", u1).name();
        JsonNode latency = metric(batch, "latency_ms");
        assertThat(latency.get("variant").asText()).isEqualTo(u1Variant);
        assertThat(latency.get("enabled").asBoolean()).isTrue();
        assertThat(latency.get("count").asLong()).isEqualTo(2);
        assertThat(latency.get("sum").asDouble()).isEqualTo(20.0);
        assertThat(latency.get("sumSquares").asDouble()).isEqualTo(12.5 * 12.5 + 7.5 * 7.5);
        assertThat(texts(metric(batch, "conversion").get("units"))).containsExactly("u1");
        assertThat(texts(metric(batch, "error").get("units"))).containsExactly("s9");
        assertThat(metric(batch, "error").get("sum").asDouble()).isEqualTo(1.0);
        assertThat(batch.get("experiments")).isEmpty();
    }

    private void checkExposures(JsonNode exposures) {
        assertThat(exposures).hasSize(2); // blue and green
        Set<String> units = new HashSet<>();
        long count = 0;
        for (JsonNode e : exposures) {
            assertThat(e.get("flag").asText()).isEqualTo("checkout");
            assertThat(e.get("enabled").asBoolean()).isTrue();
            for (String unit : texts(e.get("units"))) {
                assertThat(flags.variant("checkout", FlagContext.ofUser(unit)).name()).isEqualTo(e.get("variant").asText());
                units.add(unit);
            }
            count += e.get("count").asLong();
        }
        assertThat(count).isEqualTo(20);
        assertThat(units).hasSize(10);
    }

    @Test
    void isEnabledRecordsNothingSoNothingIsPosted() {
        flags = client();
        for (int i = 0; i < 1000; i++) {
            flags.isEnabled("checkout", FlagContext.ofUser("u" + i));
        }
        flush();
        assertThat(server.eventPosts).hasValue(0);
    }

    @Test
    void unitsAreCappedAtOneThousandPerEntryWhileCountsGoOn() {
        flags = client();
        for (int i = 0; i < 3000; i++) {
            flags.evaluate("hybrid.price-db", FlagContext.ofUser("u" + i));
        }
        flush();
        JsonNode exposure = single(single(server.postedEvents).get("exposures"));
        assertThat(exposure.get("count").asLong()).isEqualTo(3000);
        assertThat(exposure.get("units")).hasSize(1000);
        assertThat(exposure.get("variant").asText()).isEqualTo("disabled");
    }

    @Test
    void aFailedPostIsKeptAndSentFirstNextTime() {
        flags = client();
        server.eventsStatus = 503;
        flags.expose("checkout", FlagContext.ofUser("first"));
        flush();
        assertThat(server.eventPosts).hasValue(1);
        assertThat(flags.reporter().pending()).isEqualTo(1);

        server.eventsStatus = 202;
        flags.expose("checkout", FlagContext.ofUser("second"));
        flush();

        assertThat(server.postedEvents).extracting(b -> texts(b.get("exposures").get(0).get("units")))
                .containsExactly(List.of("first"), List.of("second"));
        assertThat(flags.reporter().pending()).isZero();
    }

    @Test
    void waitingBatchesAreBoundedByDroppingTheOldest() {
        flags = client(SlipwayFlags.builder().eventsInterval(Duration.ofHours(1)).maxPendingBatches(2));
        server.eventsStatus = 503;
        for (String user : List.of("a", "b", "c")) {
            flags.expose("checkout", FlagContext.ofUser(user));
            flush();
        }
        assertThat(flags.reporter().pending()).isEqualTo(2);
        assertThat(flags.reporter().droppedBatches()).isEqualTo(1);

        server.eventsStatus = 202;
        flush();

        assertThat(server.postedEvents).extracting(b -> texts(b.get("exposures").get(0).get("units")))
                .containsExactly(List.of("b"), List.of("c"));
    }

    @Test
    void aBatchRefusedAsMalformedIsDroppedNotRetried() {
        flags = client();
        server.eventsStatus = 400;
        flags.expose("checkout", FlagContext.ofUser("a"));
        flush();
        assertThat(flags.reporter().pending()).isZero();
        flush();
        assertThat(server.eventPosts).hasValue(1);
    }

    @Test
    void eventsArePostedEveryIntervalAndOnClose() {
        flags = client(SlipwayFlags.builder().eventsInterval(Duration.ofMillis(100)));
        flags.expose("checkout", FlagContext.ofUser("a"));
        await().atMost(WAIT).until(() -> server.postedEvents.size() == 1);

        flags.expose("checkout", FlagContext.ofUser("last"));
        flags.close();

        assertThat(server.postedEvents).last().extracting(b -> texts(b.get("exposures").get(0).get("units")))
                .isEqualTo(List.of("last"));
    }

    static JsonNode single(Iterable<JsonNode> nodes) {
        List<JsonNode> list = StreamSupport.stream(nodes.spliterator(), false).toList();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static JsonNode metric(JsonNode batch, String name) {
        List<JsonNode> found = new ArrayList<>();
        batch.get("metrics").forEach(m -> {
            if (m.get("name").asText().equals(name)) {
                found.add(m);
            }
        });
        return single(found);
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
