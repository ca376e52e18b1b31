package io.slipway.api;

import io.slipway.flags.Ruleset;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.slipway.api.FlagApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SSE stream SDKs follow: the ruleset on connect, again after every change, catch-up by Last-Event-ID. */
class FlagStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    ApiFixture api;

    @BeforeEach
    void start() {
        api = new ApiFixture(dir, List.of("production", "staging"));
        api.post("/api/v1/flags", "{\"key\": \"checkout\", \"environments\": {\"production\": {\"enabled\": true}}}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void sendsTheRulesetOnConnectAndTheNewOneAfterEachChange() throws Exception {
        long v1 = api.plane.flags().version();
        try (SseClient client = connect("production", null); SseClient staging = connect("staging", null)) {
            assertThat(client.response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            SseClient.Event first = client.next(WAIT);
            assertThat(first.event()).isEqualTo("ruleset");
            assertThat(first.id()).isEqualTo(String.valueOf(v1));
            assertThat(first.dataLines()).as("the ruleset on one line").hasSize(1);
            Ruleset initial = Json.MAPPER.readValue(first.data(), Ruleset.class);
            assertThat(initial.version()).isEqualTo(v1);
            assertThat(initial.flags().get(0).enabled()).isTrue();
            assertThat(Json.MAPPER.readValue(staging.next(WAIT).data(), Ruleset.class).environment()).isEqualTo("staging");

            api.post("/api/v1/flags/checkout/disable", "");

            SseClient.Event changed = client.next(WAIT);
            Ruleset now = Json.MAPPER.readValue(changed.data(), Ruleset.class);
            assertThat(changed.id()).isEqualTo(String.valueOf(now.version()));
            assertThat(now.version()).isGreaterThan(v1).isEqualTo(api.plane.flags().version());
            assertThat(now.flags().get(0).enabled()).isFalse();
        }
    }

    @Test
    void aClientThatReconnectsCatchesUpAtOnceAndOneThatIsCurrentWaitsForTheNextChange() throws Exception {
        long seen;
        try (SseClient client = connect("production", null)) {
            seen = Long.parseLong(client.next(WAIT).id());
        }
        api.post("/api/v1/flags/checkout/rollout", "{\"environment\": \"production\", \"percent\": 30}");
        long current = api.plane.flags().version();

        try (SseClient behind = connect("production", seen)) {
            SseClient.Event caughtUp = behind.next(WAIT);
            assertThat(caughtUp.id()).isEqualTo(String.valueOf(current));
            assertThat(Json.MAPPER.readValue(caughtUp.data(), Ruleset.class).flags().get(0).strategies().get(0).rollout())
                    .isEqualTo(30);
        }
        try (SseClient upToDate = connect("production", current)) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(upToDate.events::isEmpty);
            api.post("/api/v1/flags/checkout/rollout", "{\"environment\": \"production\", \"percent\": 60}");
            assertThat(Long.parseLong(upToDate.next(WAIT).id())).isGreaterThan(current);
        }
    }

    @Test
    void refusesAnUnknownEnvironmentBeforeStreaming() {
        assertError(api.get("/api/v1/flags/stream?environment=qa"), 400, "environment",
                "environment: \"qa\" is not a configured environment");
    }

    @Test
    void forgetsClientsThatDisconnect() throws Exception {
        List<SseClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(connect("production", null));
        }
        await().atMost(WAIT).until(() -> api.get("/metrics").body().contains("slipway_flag_stream_clients 3.0"));

        for (SseClient c : clients) {
            c.close();
        }

        await().atMost(WAIT).until(() -> api.get("/metrics").body().contains("slipway_flag_stream_clients 0.0"));
    }

    @Test
    void keepsAnIdleStreamAliveWithComments() throws Exception {
        FlagStream stream = new FlagStream(api.vertx, api.plane.flags(), 50);
        Router router = Router.router(api.vertx);
        router.get("/stream").handler(FlagApi.guard(stream::connect));
        HttpServer server = api.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/stream");

        try (SseClient client = SseClient.connect(api.http, uri, api.plane.flags().version())) {
            await().atMost(WAIT).until(() -> client.comments.size() >= 2);
            assertThat(client.comments).allMatch(": keep-alive"::equals);
            assertThat(client.events).as("Last-Event-ID was current").isEmpty();
            assertThat(stream.clients()).isEqualTo(1);
        }
    }

    @Test
    void aHundredClientsEachGetTheChangedRuleset() throws Exception {
        // One connection per client, as 100 SDKs in 100 processes would have (over one HTTP/2
        // connection they would also hit its limit of 100 concurrent streams).
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = api.uri("/api/v1/flags/stream?environment=production");
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(SseClient.connect(http1, uri, null));
            }
            for (SseClient c : clients) {
                c.next(WAIT);
            }
            long version = api.plane.flags().version();
            api.post("/api/v1/flags/checkout/disable", "");
            // How fast is bench/flag-propagation's job (a timed assertion here would be flaky, not a check).
            for (SseClient c : clients) {
                assertThat(Long.parseLong(c.next(WAIT).id())).isGreaterThan(version);
            }
        } finally {
            for (SseClient c : clients) {
                c.close();
            }
        }
    }

    private SseClient connect(String environment, Long lastEventId) throws Exception {
        return SseClient.connect(api.http, api.uri("/api/v1/flags/stream?environment=" + environment), lastEventId);
    }
}
