package io.slipway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every proxied request, and every request the gateway answers itself, gets one access log line. */
class GatewayAccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    TestUpstream upstream;
    AccessLog log;
    Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.start("blue");
        log = AccessLog.open(dir.resolve("access.log"), 1 << 20, 2);
        gateway = Gateway.start(GatewayTesting.RUNTIME, "web", GatewayTesting.config(), GatewayTesting.noProbes(),
                GatewayTesting.table(1, new Slot("stable", "v1", List.of(upstream.upstream()), 100)), log);
    }

    @AfterEach
    void stop() {
        gateway.close();
        log.close();
        upstream.close();
    }

    @Test
    void logsProxiedAndRejectedRequestsWithTheirRequestId() throws Exception {
        HttpResponse<String> ok = GatewayTesting.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/orders?id=7")).build(),
                HttpResponse.BodyHandlers.ofString());
        gateway.publish(GatewayTesting.table(2));
        HttpResponse<String> none = GatewayTesting.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(503);

        Path file = dir.resolve("access.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(file).size() == 2);
        JsonNode proxied = JSON.readTree(Files.readAllLines(file).get(0));
        assertThat(proxied.get("requestId").asText()).isEqualTo(ok.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(proxied.get("uri").asText()).isEqualTo("/orders?id=7");
        assertThat(proxied.get("method").asText()).isEqualTo("GET");
        assertThat(proxied.get("status").asInt()).isEqualTo(200);
        assertThat(proxied.get("slot").asText()).isEqualTo("stable");
        assertThat(proxied.get("version").asText()).isEqualTo("v1");
        assertThat(proxied.get("upstream").asText()).isEqualTo(upstream.upstream().toString());
        JsonNode rejected = JSON.readTree(Files.readAllLines(file).get(1));
        assertThat(rejected.get("status").asInt()).isEqualTo(503);
        assertThat(rejected.get("slot").isNull()).isTrue();
        assertThat(rejected.get("version").isNull()).isTrue();
        assertThat(rejected.get("requestId").asText()).isEqualTo(none.headers().firstValue("X-Request-Id").orElseThrow());
    }
}
