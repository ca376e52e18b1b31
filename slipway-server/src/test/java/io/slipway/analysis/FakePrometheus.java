package io.slipway.analysis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Prometheus server for tests (JDK HttpServer on 127.0.0.1, port 0) that speaks the instant query
 * API, {@code GET /api/v1/query?query=...&time=...}, with answers the test sets: per exact query text
 * ({@link #answer(String, Reply)}), else from a function of the query ({@link #answerAll}), else a
 * Prometheus-style {@code bad_data} error saying no answer was set. Every query received is recorded.
 *
 * <pre>{@code
 * try (FakePrometheus prometheus = FakePrometheus.start()) {
 *     prometheus.answer("sum(rate(errors[1m]))", 0.02);
 *     new PrometheusQueries(prometheus.url()).query("sum(rate(errors[1m]))", at);   // 0.02
 * }
 * }</pre>
 */
public final class FakePrometheus implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, Reply> answers = new ConcurrentHashMap<>();
    private final List<Query> received = new CopyOnWriteArrayList<>();
    private volatile Function<String, Reply> fallback;

    /** A query as received: its text and evaluation time (null when the request had none). */
    public record Query(String query, Instant time) {
    }

    /**
     * What the fake answers: an HTTP status and body, or nothing at all until it is closed.
     *
     * @param status HTTP status
     * @param body   the body, JSON for everything but {@link #raw} replies
     * @param hangs  when true, the request gets no answer until the fake is closed
     */
    public record Reply(int status, String body, boolean hangs) {
        /** The evaluation time written beside every value: clients of instant queries take the value only. */
        private static final String SAMPLE_TIME = "1735689600";

        /** An instant vector with one series per value (none: an empty result), labelled {@code series="i"}. */
        public static Reply vector(double... values) {
            String series = IntStream.range(0, values.length).mapToObj(i -> "{\"metric\":{\"series\":\"" + i
                    + "\"},\"value\":[" + SAMPLE_TIME + ",\"" + text(values[i]) + "\"]}").collect(Collectors.joining(","));
            return success("vector", "[" + series + "]");
        }

        public static Reply scalar(double value) {
            return success("scalar", "[" + SAMPLE_TIME + ",\"" + text(value) + "\"]");
        }

        /** Prometheus' answer to a query it cannot run, e.g. {@code error(400, "bad_data", "parse error ...")}. */
        public static Reply error(int status, String errorType, String error) {
            return new Reply(status, "{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\""
                    + error.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}", false);
        }

        /** Any status and body, e.g. an HTML error page of a proxy in front of Prometheus. */
        public static Reply raw(int status, String body) {
            return new Reply(status, body, false);
        }

        /** No answer at all, as a Prometheus stuck on a heavy query. */
        public static Reply noAnswer() {
            return new Reply(0, "", true);
        }

        private static Reply success(String type, String result) {
            return new Reply(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"" + type + "\",\"result\":"
                    + result + "}}", false);
        }

        /** As Prometheus writes sample values: NaN, +Inf, -Inf, else the shortest decimal. */
        private static String text(double value) {
            if (Double.isNaN(value)) {
                return "NaN";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "+Inf" : "-Inf";
            }
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    private FakePrometheus() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakePrometheus start() {
        try {
            return new FakePrometheus();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}, as configured for a real Prometheus. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers exactly this query text with a one-series vector of {@code value}. */
    public FakePrometheus answer(String query, double value) {
        return answer(query, Reply.vector(value));
    }

    /** Answers exactly this query text with {@code reply}. */
    public FakePrometheus answer(String query, Reply reply) {
        answers.put(query, reply);
        return this;
    }

    /** Answers every query without an exact answer by {@code replies}, given the query text. */
    public FakePrometheus answerAll(Function<String, Reply> replies) {
        this.fallback = replies;
        return this;
    }

    /** The queries received so far, oldest first. */
    public List<Query> queries() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/api/v1/query")) {
                send(exchange, Reply.error(404, "not_found", "FakePrometheus serves /api/v1/query only"));
                return;
            }
            Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
            String query = params.getOrDefault("query", "");
            String time = params.get("time");
            received.add(new Query(query, time == null ? null : instant(time)));
            Reply reply = reply(query);
            if (reply.hangs()) {
                awaitClose();
                return;
            }
            send(exchange, reply);
        }
    }

    private Reply reply(String query) {
        Reply exact = answers.get(query);
        Function<String, Reply> replies = fallback;
        if (exact != null) {
            return exact;
        }
        return replies != null ? replies.apply(query)
                : Reply.error(400, "bad_data", "FakePrometheus has no answer for query " + query);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            Arrays.stream(rawQuery.split("&")).map(p -> p.split("=", 2)).forEach(kv -> params.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
        }
        return params;
    }

    private static Instant instant(String unixSeconds) {
        BigDecimal seconds = new BigDecimal(unixSeconds);
        return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    private void awaitClose() {
        try {
            closed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
