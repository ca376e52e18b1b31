package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.send;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import io.slipway.config.GatewayConfig;
import io.slipway.config.HostPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shadow traffic: copies to a mirror slot, compared with stable's answers, never seen by clients. */
class GatewayMirrorTest {
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch();
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.unpublished(GatewayTesting.config(UPSTREAM_TIMEOUT), noProbes());

    /** Blue (v1) takes all traffic; green (v2) at weight 0 gets {@code mirror} % as copies. */
    private void shadow(Gateway g, int mirror) {
        g.publish(table(1, slot("stable", "v1", 100, fx.blue),
                new Slot("candidate", "v2", List.of(fx.green.upstream()), 0, mirror)));
    }

    private static GatewayStatus.Mirror mirror(Gateway g, String version) {
        return g.status().versions().stream().filter(v -> v.version().equals(version)).findFirst()
                .orElseThrow().mirror();
    }

    private static void awaitMirror(Gateway g, Predicate<GatewayStatus.Mirror> condition) {
        await().atMost(WAIT).until(() -> condition.test(mirror(g, "v2")));
    }

    @Test
    void copiesEveryGetToAShadowSlotAndFindsNoMismatchWhenBothAnswerAlike() {
        fx.blue.body.set("same");
        fx.green.body.set("same");
        shadow(fx.gateway, 100);

        for (int i = 0; i < 20; i++) {
            assertThat(get(fx.gateway, "/").body()).isEqualTo("same");
        }

        awaitMirror(fx.gateway, m -> m.compared() == 20);
        GatewayStatus.Mirror m = mirror(fx.gateway, "v2");
        assertThat(List.of(m.mirrored(), m.statusMismatches(), m.bodyMismatches(), m.mirrorErrors(), m.skipped()))
                .containsExactly(20L, 0L, 0L, 0L, 0L);
        assertThat(fx.green.requests).hasValue(20);
        assertThat(fx.blue.requests).hasValue(20);
        GatewayStatus.VersionStatus candidate = fx.gateway.status().versions().stream()
                .filter(v -> v.version().equals("v2")).findFirst().orElseThrow();
        assertThat(candidate.requests()).as("copies are not client requests").isZero();
        assertThat(mirror(fx.gateway, "v1")).as("stable is not a mirror").isNull();
        assertThat(fx.gateway.mirroring().inFlight()).isZero();
    }

    @Test
    void countsBodyMismatchesWhileClientsGetStablesAnswer() {
        shadow(fx.gateway, 100);

        for (int i = 0; i < 10; i++) {
            assertThat(get(fx.gateway, "/").body()).isEqualTo("blue");
        }

        awaitMirror(fx.gateway, m -> m.compared() == 10);
        assertThat(mirror(fx.gateway, "v2").bodyMismatches()).isEqualTo(10);
        assertThat(mirror(fx.gateway, "v2").statusMismatches()).isZero();
        awaitMirror(fx.gateway, m -> m.last10s().compared() == 10);
        assertThat(mirror(fx.gateway, "v2").last10s().mismatchRate()).isEqualTo(1.0);
        assertThat(mirror(fx.gateway, "v2").last60s().mismatchRate()).isEqualTo(1.0);
        assertThat(mirror(fx.gateway, "v2").last10s().errorRate()).isZero();
    }

    @Test
    void countsStatusMismatchesWithoutEjectingTheMirror() {
        fx.green.status.set(500);
        fx.green.body.set("blue");
        shadow(fx.gateway, 100);

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = get(fx.gateway, "/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("blue");
        }

        awaitMirror(fx.gateway, m -> m.compared() == 10);
        assertThat(mirror(fx.gateway, "v2").statusMismatches()).isEqualTo(10);
        assertThat(mirror(fx.gateway, "v2").bodyMismatches()).as("counted once, as a status mismatch").isZero();
        assertThat(fx.gateway.status().upstreams()).as("10 × 500 from copies eject nothing (ejectAfter 5)")
                .noneMatch(GatewayStatus.UpstreamStatus::ejected);
    }

    @Test
    void aMirrorThatNeverAnswersDelaysNoClientAndFailsAfterTheUpstreamTimeout() {
        fx.blue.release(); // blue's /slow answers at once, green's hangs until teardown
        shadow(fx.gateway, 100);

        HttpResponse<String> r = get(fx.gateway, "/slow");

        assertThat(r.body()).isEqualTo("blue");
        assertThat(mirror(fx.gateway, "v2").mirrorErrors()).as("the copy is still in flight").isZero();
        assertThat(fx.gateway.mirroring().inFlight()).isEqualTo(1);
        await().atMost(WAIT).until(() -> fx.green.requests.get() == 1);
        assertThat(get(fx.gateway, "/").body()).as("and other requests pass meanwhile").isEqualTo("blue");
        awaitMirror(fx.gateway, m -> m.mirrorErrors() == 1);
        awaitMirror(fx.gateway, m -> m.compared() == 1); // the GET / copy
        assertThat(mirror(fx.gateway, "v2").mirrored()).isEqualTo(2);
        assertThat(fx.gateway.mirroring().inFlight()).isZero();
        awaitMirror(fx.gateway, m -> m.last10s().mirrorErrors() == 1);
        assertThat(mirror(fx.gateway, "v2").last10s().errorRate()).isEqualTo(0.5);
    }

    @Test
    void aMirrorRefusingConnectionsCountsErrorsAndClientsDoNotNotice() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue),
                new Slot("candidate", "v2", List.of(new Upstream("127.0.0.1", closedPort)), 0, 100)));

        for (int i = 0; i < 8; i++) {
            assertThat(get(fx.gateway, "/").body()).isEqualTo("blue");
        }

        awaitMirror(fx.gateway, m -> m.mirrorErrors() == 8);
        assertThat(mirror(fx.gateway, "v2").compared()).isZero();
        assertThat(fx.gateway.status().upstreams()).noneMatch(GatewayStatus.UpstreamStatus::ejected);
        assertThat(fx.gateway.mirroring().inFlight()).isZero();
    }

    @Test
    void boundsTheCopiesInFlightAndSkipsBeyond() throws IOException {
        // a long upstream timeout, so that no copy ends while the requests run
        GatewayConfig patient = new GatewayConfig(new HostPort("127.0.0.1", 0), Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(30), 8192);
        try (ServerSocket silent = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
             Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", patient, noProbes())) {
            g.publish(table(1, slot("stable", "v1", 100, fx.blue), new Slot("candidate", "v2",
                    List.of(new Upstream("127.0.0.1", silent.getLocalPort())), 0, 100)));

            for (int i = 0; i < Mirroring.MAX_IN_FLIGHT + 8; i++) {
                assertThat(get(g, "/").body()).isEqualTo("blue");
            }

            assertThat(List.of(mirror(g, "v2").mirrored(), mirror(g, "v2").skipped()))
                    .containsExactly((long) Mirroring.MAX_IN_FLIGHT, 8L);
            assertThat(g.mirroring().inFlight()).isEqualTo(Mirroring.MAX_IN_FLIGHT);
            silent.close(); // resets the connections it never accepted
            awaitMirror(g, m -> m.mirrorErrors() == Mirroring.MAX_IN_FLIGHT);
            assertThat(g.mirroring().inFlight()).isZero();
        }
    }

    @Test
    void doesNotCopyPostsByDefaultAndCountsThemSkipped() {
        shadow(fx.gateway, 100);

        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(fx.gateway, "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("charge the card")).build());

        assertThat(r.body()).isEqualTo("charge the card");
        assertThat(mirror(fx.gateway, "v2").skipped()).isEqualTo(1);
        assertThat(mirror(fx.gateway, "v2").mirrored()).isZero();
        assertThat(fx.gateway.mirroring().inFlight()).isZero();
    }

    @Test
    void copiesPostsWithTheirBodyWhenConfiguredUpTo64KiB() {
        GatewayConfig posts = GatewayTesting.config(UPSTREAM_TIMEOUT).withMirrorMethods(List.of("GET", "POST"));
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", posts, noProbes())) {
            shadow(g, 100);

            HttpResponse<String> small = post(g, TestUpstream.pattern(64 * 1024));
            awaitMirror(g, m -> m.compared() == 1);
            HttpResponse<String> large = post(g, TestUpstream.pattern(64 * 1024 + 1));

            assertThat(small.body()).endsWith(" 65536");
            assertThat(large.body()).endsWith(" 65537");
            GatewayStatus.Mirror m = mirror(g, "v2");
            assertThat(m.bodyMismatches()).as("green's SHA-256 of the copy's body is blue's").isZero();
            assertThat(List.of(m.mirrored(), m.skipped())).containsExactly(1L, 1L);
            assertThat(fx.green.lastHeaders.getFirst("Content-Length")).isEqualTo("65536");
            assertThat(fx.green.requests).hasValue(1);
        }
    }

    private static HttpResponse<String> post(Gateway g, byte[] body) {
        return send(HttpRequest.newBuilder(uri(g, "/sha")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    void mirrorsAboutTheConfiguredShare() {
        shadow(fx.gateway, 50);

        for (int i = 0; i < 2000; i++) {
            get(fx.gateway, "/");
        }

        long mirrored = mirror(fx.gateway, "v2").mirrored();
        assertThat(mirrored).isBetween(700L, 1300L);
        awaitMirror(fx.gateway, m -> m.compared() == mirrored);
        assertThat(mirror(fx.gateway, "v2").skipped()).isZero();
    }

    @Test
    void neverCopiesPreviews() {
        shadow(fx.gateway, 100);

        HttpResponse<String> stable = send(HttpRequest.newBuilder(uri(fx.gateway, "/"))
                .header("X-Slipway-Version", "v1").build());
        HttpResponse<String> candidate = send(HttpRequest.newBuilder(uri(fx.gateway, "/"))
                .header("X-Slipway-Version", "v2").build());

        assertThat(List.of(stable.body(), candidate.body())).containsExactly("blue", "green");
        assertThat(fx.blue.requests).hasValue(1);
        assertThat(List.of(mirror(fx.gateway, "v2").mirrored(), mirror(fx.gateway, "v2").skipped()))
                .containsExactly(0L, 0L);
    }

    @Test
    void marksTheCopyAndKeepsTheRequestId() {
        shadow(fx.gateway, 100);

        send(HttpRequest.newBuilder(uri(fx.gateway, "/")).header("X-Request-Id", "req-42")
                .header("X-Slipway-Mirror", "1").build());

        await().atMost(WAIT).until(() -> fx.green.lastHeaders != null);
        assertThat(fx.green.lastHeaders.getFirst("X-Slipway-Mirror")).isEqualTo("1");
        assertThat(fx.green.lastHeaders.getFirst("X-Request-Id")).isEqualTo("req-42");
        assertThat(fx.blue.lastHeaders.getFirst("X-Request-Id")).isEqualTo("req-42");
        assertThat(fx.blue.lastHeaders.containsKey("X-Slipway-Mirror"))
                .as("a client cannot pass its request off as a copy").isFalse();
    }

    @Test
    void showsTheMirrorCountersInTheStatusJson() {
        shadow(fx.gateway, 100);
        get(fx.gateway, "/");
        awaitMirror(fx.gateway, m -> m.last10s().compared() == 1);

        JsonNode versions = Json.MAPPER.valueToTree(fx.gateway.status()).path("versions");

        JsonNode v2 = versions.get(1);
        assertThat(v2.path("version").asText()).isEqualTo("v2");
        assertThat(v2.path("mirror").path("compared").asLong()).isEqualTo(1);
        assertThat(v2.path("mirror").path("bodyMismatches").asLong()).isEqualTo(1);
        assertThat(v2.path("mirror").path("last10s").path("mismatchRate").asDouble()).isEqualTo(1.0);
        assertThat(v2.path("mirror").path("last60s").has("latencyDiffP50Millis")).isTrue();
        assertThat(versions.get(0).path("mirror").isNull()).isTrue();
    }
}
