package io.slipway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    /** Stands in for a gateway's event loop: lines are recorded on it. */
    final EventExecutor loop = new DefaultEventExecutor();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static AccessLog.Entry entry(String requestId, String uri, int status) {
        return new AccessLog.Entry(1_700_000_000_123L, "web", requestId, "127.0.0.1", "GET", uri, "canary", "v2",
                new Upstream("127.0.0.1", 8081), status, 1_234);
    }

    private void record(AccessLog log, AccessLog.Entry... entries) {
        loop.submit(() -> {
            for (AccessLog.Entry e : entries) {
                log.record(loop, e);
            }
        }).syncUninterruptibly();
    }

    @Test
    void writesOneJsonLinePerRequest() throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file, 1 << 20, 3)) {
            record(log, entry("r1", "/a?b=\"c\"\n", 200), entry("r2", "/x", 503));
            // a quiet loop hands its partly filled chunk to the writer after FLUSH_MILLIS
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(file).size() == 2);
        }
        List<String> lines = Files.readAllLines(file);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("time").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(first.get("app").asText()).isEqualTo("web");
        assertThat(first.get("requestId").asText()).isEqualTo("r1");
        assertThat(first.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(first.get("method").asText()).isEqualTo("GET");
        assertThat(first.get("uri").asText()).as("quotes and newlines escaped").isEqualTo("/a?b=\"c\"\n");
        assertThat(first.get("durationMs").asDouble()).isEqualTo(1.234);
        assertThat(first.get("slot").asText()).isEqualTo("canary");
        assertThat(first.get("version").asText()).isEqualTo("v2");
        assertThat(first.get("upstream").asText()).isEqualTo("127.0.0.1:8081");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(lines.get(1)).get("status").asInt()).isEqualTo(503);
    }

    @Test
    void escapesControlCharactersAndEncodesNonAsciiAsUtf8() throws Exception {
        var e = new AccessLog.Entry(1_700_000_000_000L, "w\u00e9b", "r", "::1", "GET",
                "/\u00e9/\ud83d\ude00?\u0001\t\\\u007f\u2028\ud800x", null, null, null, 0, 7);
        JsonNode line = JSON.readTree(AccessLog.json(e));

        assertThat(line.get("app").asText()).isEqualTo("w\u00e9b");
        assertThat(line.get("uri").asText()).as("a lone surrogate becomes '?'")
                .isEqualTo("/\u00e9/\ud83d\ude00?\u0001\t\\\u007f\u2028?x");
        assertThat(line.get("time").asText()).as("a whole second keeps its .000").isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(line.get("slot").isNull()).isTrue();
        assertThat(line.get("version").isNull()).isTrue();
        assertThat(line.get("upstream").isNull()).isTrue();
        assertThat(line.get("durationMs").asDouble()).isEqualTo(0.007);
    }

    /** Fields formatted once and reused while they repeat must still follow every change. */
    @Test
    void fieldsThatUsuallyRepeatFollowEachChange() throws Exception {
        AccessLog.Line line = new AccessLog.Line();
        String[][] values = {{"10.0.0.1", "GET", "stable", "v1"}, {"10.0.0.2", "POST", "canary", "v2"},
                {"10.0.0.2", "POST", "canary", "v2"}, {null, null, null, null}, {"10.0.0.1", "GET", "stable", "v1"}};
        Upstream[] upstreams = {new Upstream("127.0.0.1", 1), new Upstream("127.0.0.1", 2),
                new Upstream("127.0.0.1", 2), null, new Upstream("127.0.0.1", 1)};
        for (int i = 0; i < values.length; i++) {
            String[] v = values[i];
            line.format(new AccessLog.Entry(1_700_000_000_000L, i == 3 ? null : "web", "r" + i, v[0], v[1], "/",
                    v[2], v[3], upstreams[i], 200, 1));
            JsonNode json = JSON.readTree(new String(line.buf, 0, line.len, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(json.get("app").isNull()).isEqualTo(i == 3);
            assertThat(json.get("client").isNull() ? null : json.get("client").asText()).isEqualTo(v[0]);
            assertThat(json.get("method").isNull() ? null : json.get("method").asText()).isEqualTo(v[1]);
            assertThat(json.get("slot").isNull() ? null : json.get("slot").asText()).isEqualTo(v[2]);
            assertThat(json.get("version").isNull() ? null : json.get("version").asText()).isEqualTo(v[3]);
            assertThat(json.get("upstream").isNull() ? null : json.get("upstream").asText())
                    .isEqualTo(upstreams[i] == null ? null : upstreams[i].toString());
        }
    }

    @Test
    void aLineWhoseEveryCharNeedsSixBytesFits() throws Exception {
        String uri = "\u0001".repeat(5_000);
        JsonNode line = JSON.readTree(AccessLog.json(entry("r", uri, 200)));
        assertThat(line.get("uri").asText()).isEqualTo(uri);
    }

    @Test
    void rotatesBySizeKeepingOldFiles() throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file, 2_000, 2)) {
            for (int i = 0; i < 40; i++) {
                record(log, entry("r" + i, "/" + i, 200));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(Path.of(file + ".2")));
        }
        Path first = Path.of(file + ".1");
        assertThat(Files.size(first)).isGreaterThanOrEqualTo(2_000);
        assertThat(Files.readAllLines(first)).as("the file ends after the line that took it to 2000 bytes")
                .allSatisfy(l -> assertThat(JSON.readTree(l).has("requestId")).isTrue())
                .last().satisfies(l -> assertThat(Files.size(first) - l.length() - 1).isLessThan(2_000));
        assertThat(Files.exists(Path.of(file + ".3"))).as("only keep=2 old files").isFalse();
        assertThat(Files.readAllLines(file)).allSatisfy(l -> assertThat(JSON.readTree(l).has("requestId")).isTrue());
    }

    @Test
    void closeWritesEveryLineInOrderAcrossChunks() throws Exception {
        Path file = dir.resolve("access.log");
        int n = 3 * AccessLog.CHUNK_BYTES / 200; // lines of about 230 bytes: four chunks or so
        try (AccessLog log = AccessLog.open(file, 1L << 30, 2)) {
            AccessLog.Entry[] entries = new AccessLog.Entry[n];
            for (int i = 0; i < n; i++) {
                entries[i] = entry("r" + i, "/orders/" + i, 200);
            }
            record(log, entries);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(JSON.readTree(lines.get(i)).get("requestId").asText()).isEqualTo("r" + i);
        }
    }

    @Test
    void aLineLongerThanAChunkIsWrittenWhole() throws Exception {
        Path file = dir.resolve("access.log");
        String uri = "/" + "x".repeat(2 * AccessLog.CHUNK_BYTES);
        try (AccessLog log = AccessLog.open(file, 1L << 30, 2)) {
            record(log, entry("r1", "/a", 200), entry("r2", uri, 414), entry("r3", "/b", 200));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).extracting(l -> JSON.readTree(l).get("requestId").asText()).containsExactly("r1", "r2", "r3");
        assertThat(JSON.readTree(lines.get(1)).get("uri").asText()).isEqualTo(uri);
    }

    @Test
    void linesAfterCloseAreCountedAsDropped() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = AccessLog.open(file, 1 << 20, 2);
        record(log, entry("r1", "/", 200));
        log.close();
        record(log, entry("r2", "/", 200));
        assertThat(log.dropped()).isEqualTo(1);
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void tellsTheWallClockTimeOfANanoTimeWithoutAClockCallOfItsOwn() throws Exception {
        try (AccessLog log = AccessLog.open(dir.resolve("access.log"), 1 << 20, 2)) {
            long before = System.currentTimeMillis();
            long millis = log.epochMillis(System.nanoTime());
            long after = System.currentTimeMillis();
            // the writer reads both clocks every FLUSH_MILLIS; they agree to within that reading's own time
            assertThat(millis).isBetween(before - 5, after + 5);
            assertThat(log.epochMillis(System.nanoTime() + 3_000_000_000L) - log.epochMillis(System.nanoTime()))
                    .isBetween(2_990L, 3_010L);
        }
    }

    @Test
    void noneRecordsNothing() {
        AccessLog.NONE.record(loop, entry("r", "/", 200));
        assertThat(AccessLog.NONE.enabled()).isFalse();
        AccessLog.NONE.close();
    }
}
