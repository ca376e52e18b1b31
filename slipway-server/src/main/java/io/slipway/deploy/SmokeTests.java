package io.slipway.deploy;

import io.slipway.config.SmokeTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an app's {@link SmokeTest}s against a candidate version before it gets real traffic: each
 * goes to the gateway with the preview header naming the candidate, which the gateway routes to
 * that version even at weight 0 (and answers 503 when no instance of it is routable).
 *
 * <p>Non-blocking: {@link #run} returns at once and the caller, a deployment step, polls the
 * future. Tests run one after the other, in the given order, so a check may rely on an earlier
 * one (a POST before the GET that reads it back). A failure does not stop the run: the report
 * then shows every broken check of the candidate at once, which tells "the database is down"
 * (all fail) from "one endpoint regressed" (one fails) without another deploy.
 */
public final class SmokeTests {
    private final HttpClient client;

    /** The client's executor completes the futures; its connect timeout, if any, bounds connecting. */
    public SmokeTests(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** One test's outcome; {@code status} is 0 when no answer came (timeout, refused connection). */
    public record Result(String name, String request, int status, long durationMs, boolean passed, String reason) {
        /** As a report line: {@code PASS version: GET /version → 200 (12 ms)}. */
        public String line() {
            return (passed ? "PASS " : "FAIL ") + name + ": " + reason + " (" + durationMs + " ms)";
        }
    }

    /** All the results of a run, in test order, and how long it took. */
    public record Report(List<Result> results, long durationMs) {
        public Report {
            results = List.copyOf(results);
        }

        /** Whether every test passed; true for an app with no smoke tests. */
        public boolean passed() {
            return results.stream().allMatch(Result::passed);
        }

        /** {@code 3/3 smoke tests passed in 42 ms} or {@code 1 of 3 smoke tests failed: <first failure's reason>}. */
        public String summary() {
            int count = results.size();
            if (count == 0) {
                return "no smoke tests to run";
            }
            List<Result> failed = results.stream().filter(r -> !r.passed()).toList();
            if (failed.isEmpty()) {
                return count + "/" + count + " " + tests(count) + " passed in " + durationMs + " ms";
            }
            return failed.size() + " of " + count + " " + tests(count) + " failed: " + failed.get(0).reason();
        }

        private static String tests(int count) {
            return count == 1 ? "smoke test" : "smoke tests";
        }
    }

    /**
     * Starts running {@code tests} against {@code version} through the gateway at
     * {@code gatewayHost:gatewayPort}, each request carrying {@code previewHeader: version}
     * (replacing a header of that name a test sets) and the test's {@code {version}} placeholders
     * replaced. The future fails only on a bug; every test failure is a {@link Result}.
     *
     * @throws IllegalArgumentException naming the bad argument, before anything is sent
     */
    public CompletableFuture<Report> run(String gatewayHost, int gatewayPort, String previewHeader, String version,
                                         List<SmokeTest> tests) {
        String gateway = gateway(gatewayHost, gatewayPort);
        checkPreview(previewHeader, version);
        List<SmokeTest> ordered = List.copyOf(Objects.requireNonNull(tests, "tests"));
        long start = System.nanoTime();
        CompletableFuture<List<Result>> results = CompletableFuture.completedFuture(List.of());
        for (SmokeTest test : ordered) {
            results = results.thenCompose(done -> runOne(gateway, previewHeader, version, test)
                    .thenApply(result -> append(done, result)));
        }
        return results.thenApply(all -> new Report(all, millisSince(start)));
    }

    private CompletableFuture<Result> runOne(String gateway, String previewHeader, String version, SmokeTest test) {
        SmokeTest resolved;
        HttpRequest httpRequest;
        try {
            resolved = test.forVersion(version);
            httpRequest = request(gateway, previewHeader, version, resolved);
        } catch (IllegalArgumentException e) {
            // the placeholders filled in can still make a bad request; it is this test's failure, not the run's
            String request = test.method() + " " + test.path().replace(SmokeTest.VERSION, version);
            return CompletableFuture.completedFuture(
                    new Result(test.name(), request, 0, 0, false, request + " cannot be sent: " + e.getMessage()));
        }
        return send(gateway, resolved, resolved.method() + " " + resolved.path(), httpRequest);
    }

    private CompletableFuture<Result> send(String gateway, SmokeTest test, String request, HttpRequest httpRequest) {
        long start = System.nanoTime();
        return client.sendAsync(httpRequest, BodyHandlers.ofString()).handle((response, error) -> error == null
                ? judged(test, request, response, millisSince(start))
                : new Result(test.name(), request, 0, millisSince(start), false,
                        SmokeJudge.noAnswer(request, error, test.timeout(), gateway)));
    }

    private static Result judged(SmokeTest test, String request, HttpResponse<String> response, long millis) {
        int status = response.statusCode();
        String failure = SmokeJudge.failure(test, request, status, response.body()).orElse(null);
        return new Result(test.name(), request, status, millis, failure == null,
                failure == null ? SmokeJudge.answered(request, status) : failure);
    }

    private static HttpRequest request(String gateway, String previewHeader, String version, SmokeTest test) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + gateway + test.path()))
                // HTTP/1.1 like real clients of the gateway, and no h2c upgrade dance on plain HTTP
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(test.timeout())
                .method(test.method(), test.body() == null ? BodyPublishers.noBody()
                        : BodyPublishers.ofString(test.body()));
        test.headers().forEach(builder::header);
        return builder.setHeader(previewHeader, version).build();
    }

    private static String gateway(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("gateway host \"" + host + "\" is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("gateway port " + port + " is not a TCP port (1-65535)");
        }
        boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    private static void checkPreview(String previewHeader, String version) {
        if (previewHeader == null || !SmokeTest.isToken(previewHeader)) {
            throw new IllegalArgumentException("preview header \"" + previewHeader + "\" is not an HTTP header name");
        }
        if (version == null || version.isBlank() || !SmokeTest.isHeaderValue(version)) {
            throw new IllegalArgumentException("version \"" + version + "\" is blank or has a line break");
        }
    }

    private static List<Result> append(List<Result> done, Result result) {
        List<Result> all = new ArrayList<>(done);
        all.add(result);
        return all;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
