package io.slipway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private static AccessLog.Entry entry(String requestId, String uri, int status) {
        return new AccessLog.Entry(1_700_000_000_123L, "web", requestId, "127.0.0.1", "GET", uri, "v2",
                new Upstream("127.0.0.1", 8081), status, 1_234);
    }

    @Test
    void writesOneJsonLinePerRequest() throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file, 1 << 20, 3)) {
            log.record(entry("r1", "/a?b=\"c\"\n", 200));
            log.record(entry("r2", "/x", 503));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(file).size() == 2);
        }
        List<String> lines = Files.readAllLines(file);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("time").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(first.get("uri").asText()).as("quotes and newlines escaped").isEqualTo("/a?b=\"c\"\n");
        assertThat(first.get("durationMs").asDouble()).isEqualTo(1.234);
        assertThat(first.get("version").asText()).isEqualTo("v2");
        assertThat(first.get("upstream").asText()).isEqualTo("127.0.0.1:8081");
        assertThat(JSON.readTree(lines.get(1)).get("status").asInt()).isEqualTo(503);
    }

    @Test
    void escapesControlCharactersAndEncodesNonAsciiAsUtf8() throws Exception {
        var e = new AccessLog.Entry(1_700_000_000_000L, "web", "r", "::1", "GET", "/\u00e9/\ud83d\ude00?\u0001\t\\",
                null, null, 0, 7);
        JsonNode line = JSON.readTree(AccessLog.json(e));

        assertThat(line.get("uri").asText()).isEqualTo("/\u00e9/\ud83d\ude00?\u0001\t\\");
        assertThat(line.get("time").asText()).as("a whole second keeps its .000").isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(line.get("version").isNull()).isTrue();
        assertThat(line.get("durationMs").asDouble()).isEqualTo(0.007);
    }

    @Test
    void rotatesBySizeKeepingOldFiles() throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file, 2_000, 2)) {
            for (int i = 0; i < 40; i++) {
                log.record(entry("r" + i, "/" + i, 200));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(Path.of(file + ".2")));
        }
        assertThat(Files.size(Path.of(file + ".1"))).isGreaterThanOrEqualTo(2_000);
        assertThat(Files.exists(Path.of(file + ".3"))).as("only keep=2 old files").isFalse();
        assertThat(Files.readAllLines(file)).allSatisfy(l -> assertThat(JSON.readTree(l).has("requestId")).isTrue());
    }

    @Test
    void noneRecordsNothing() {
        AccessLog.NONE.record(entry("r", "/", 200));
        assertThat(AccessLog.NONE.enabled()).isFalse();
        AccessLog.NONE.close();
    }
}
