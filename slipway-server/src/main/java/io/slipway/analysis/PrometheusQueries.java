package io.slipway.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The metric provider that asks a Prometheus server, through its HTTP API, for one number per query:
 * {@code GET {baseUrl}/api/v1/query?query=...&time=...} (an instant query).
 *
 * <p>Query templates name the version analysed with {@code {{app}}}, {@code {{version}}} and the
 * window with {@code {{window}}}, e.g.
 * {@code sum(rate(http_requests_total{app="{{app}}",version="{{version}}",code=~"5.."}[{{window}}]))}.
 * Values are put in as they are: app names are {@code [a-z0-9-]}, versions should not hold quotes.
 *
 * <p>The answer must be a scalar or a vector of at most one series: none is no data (NaN, which checks
 * treat as no value); more than one is a {@link MetricException} asking to aggregate with
 * {@code sum()} or {@code avg()}, as picking one series would judge a rollout by an arbitrary part of
 * it. So is every failure to get an answer: Prometheus' own errors, HTTP errors, timeouts, bodies that
 * are not its JSON.
 */
public final class PrometheusQueries {
    /** How long Prometheus has to answer one query. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    private static final int SERIES_NAMED = 3;

    private final URI endpoint;
    private final HttpClient client;
    private final Duration timeout;

    /** A client of the Prometheus at {@code baseUrl} (e.g. {@code http://prometheus:9090}) with default timeout. */
    public PrometheusQueries(URI baseUrl) {
        this(baseUrl, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(DEFAULT_TIMEOUT)
                .build(), DEFAULT_TIMEOUT);
    }

    /**
     * @param baseUrl where Prometheus serves {@code /api/v1}, with any path prefix
     *                (e.g. {@code http://gateway/prometheus})
     * @param timeout how long one query may take, answer included
     */
    public PrometheusQueries(URI baseUrl, HttpClient client, Duration timeout) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/api/v1/query");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Fills the template in and evaluates it at {@code at}.
     *
     * @return the value, NaN when the query selected nothing (or Prometheus said NaN)
     * @throws IllegalArgumentException on an unknown placeholder or a window that is not whole seconds
     * @throws MetricException          when Prometheus gave no single number, naming the query and why
     */
    public double query(String template, String app, String version, Duration window, Instant at) {
        return query(render(template, app, version, window), at);
    }

    /**
     * Evaluates a PromQL expression at {@code at}.
     *
     * @return the value, NaN when the query selected nothing (or Prometheus said NaN)
     * @throws MetricException when Prometheus gave no single number, naming the query and why
     */
    public double query(String promql, Instant at) {
        URI uri = URI.create(endpoint + "?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + unixSeconds(at));
        HttpResponse<String> response = send(uri, promql);
        JsonNode body = json(response, promql);
        if ("error".equals(body.path("status").asText())) {
            throw failure(promql, "Prometheus answered " + body.path("errorType").asText("an error") + ": "
                    + body.path("error").asText("(no message)"));
        }
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw failure(promql, "HTTP " + response.statusCode() + " with status "
                    + body.path("status").asText("(none)") + ", expected 200 and success");
        }
        return value(body.path("data"), promql);
    }

    /**
     * The template with {@code {{app}}}, {@code {{version}}} and {@code {{window}}} filled in (blanks
     * inside the braces allowed); the window as a Prometheus duration ({@code 30s}, {@code 2m}, {@code 1h}).
     *
     * @throws IllegalArgumentException on any other placeholder, naming it
     */
    public static String render(String template, String app, String version, Duration window) {
        Map<String, String> values = Map.of("app", app, "version", version, "window", duration(window));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("query " + template + ": unknown placeholder " + m.group()
                        + " (known: {{app}}, {{version}}, {{window}})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /**
     * A window as a Prometheus duration in its largest whole unit: {@code 45s}, {@code 2m}, {@code 90s}, {@code 1h}.
     *
     * @throws IllegalArgumentException when it is not a positive number of whole seconds
     */
    static String duration(Duration window) {
        if (window.isNegative() || window.isZero() || window.getNano() != 0) {
            throw new IllegalArgumentException("window " + window + " is not a positive number of whole seconds");
        }
        long s = window.getSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String unixSeconds(Instant at) {
        return BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /** Waits for the whole answer: the request timeout alone ends once the headers are in. */
    private HttpResponse<String> send(URI uri, String promql) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw failure(promql, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof HttpTimeoutException ? failure(promql, "no answer within " + timeout.toMillis()
                    + " ms") : failure(promql, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(promql, "interrupted while waiting for the answer");
        }
    }

    private JsonNode json(HttpResponse<String> response, String promql) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw notJson(response, promql);
        }
        if (body == null || !body.isObject()) {
            throw notJson(response, promql);
        }
        return body;
    }

    /** The start of the body says more than the JSON parser's position in it. */
    private MetricException notJson(HttpResponse<String> response, String promql) {
        String body = response.body();
        String start = body.length() > 80 ? body.substring(0, 80) + "…" : body;
        return failure(promql, "HTTP " + response.statusCode() + " with a body that is not Prometheus' JSON: " + start);
    }

    private double value(JsonNode data, String promql) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        if (type.equals("scalar")) {
            return number(result.path(1), promql);
        }
        if (!type.equals("vector")) {
            throw failure(promql, "result type " + (type.isEmpty() ? "(none)" : type)
                    + ", expected an instant vector or a scalar");
        }
        if (result.size() > 1) {
            throw failure(promql, result.size() + " series (" + names(result) + "); aggregate them to one with"
                    + " sum() or avg()");
        }
        return result.isEmpty() ? Double.NaN : number(result.path(0).path("value").path(1), promql);
    }

    private double number(JsonNode value, String promql) {
        try {
            return PrometheusText.number(value.asText());
        } catch (NumberFormatException e) {
            throw failure(promql, "value " + (value.isMissingNode() ? "missing" : e.getMessage()));
        }
    }

    private static String names(JsonNode series) {
        String named = StreamSupport.stream(series.spliterator(), false).limit(SERIES_NAMED)
                .map(s -> s.path("metric").toString()).collect(Collectors.joining(", "));
        return series.size() > SERIES_NAMED ? named + ", …" : named;
    }

    private MetricException failure(String promql, String why) {
        return new MetricException(endpoint + " query " + promql + ": " + why);
    }
}
