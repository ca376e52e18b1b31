package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.analysis.FakePrometheus.Query;
import io.slipway.analysis.FakePrometheus.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queries against a real HTTP server speaking Prometheus' query API. */
class PrometheusQueriesTest {
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00.250Z");
    private static final String ERRORS = "sum(rate(http_requests_total{code=~\"5..\"}[1m]))";

    private final FakePrometheus prometheus = FakePrometheus.start();
    private final PrometheusQueries queries = new PrometheusQueries(prometheus.url());

    @AfterEach
    void close() {
        prometheus.close();
    }

    @Test
    void readsTheOneSeriesOfAVectorAndSendsTheQueryAndTime() {
        prometheus.answer(ERRORS, 0.0123);
        assertThat(queries.query(ERRORS, AT)).isEqualTo(0.0123);
        assertThat(prometheus.queries()).containsExactly(new Query(ERRORS, AT));
    }

    @Test
    void readsScalarsAndSpecialValues() {
        prometheus.answer("scalar(1)", Reply.scalar(42.5));
        prometheus.answer("nan", Reply.vector(Double.NaN));
        prometheus.answer("inf", Reply.scalar(Double.POSITIVE_INFINITY));
        prometheus.answer("tiny", Reply.raw(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                + "\"result\":[{\"metric\":{},\"value\":[1735689600.25,\"1e-7\"]}]}}"));
        assertThat(queries.query("scalar(1)", AT)).isEqualTo(42.5);
        assertThat(queries.query("nan", AT)).isNaN();
        assertThat(queries.query("inf", AT)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(queries.query("tiny", AT)).isEqualTo(1e-7);
    }

    @Test
    void anEmptyVectorIsNoDataNotAnError() {
        prometheus.answer(ERRORS, Reply.vector());
        assertThat(queries.query(ERRORS, AT)).isNaN();
    }

    @Test
    void moreThanOneSeriesMustBeAggregated() {
        prometheus.answer("errors", Reply.vector(1, 2, 3, 4));
        assertThatThrownBy(() -> queries.query("errors", AT)).isInstanceOf(MetricException.class)
                .hasMessage(prometheus.url() + "/api/v1/query query errors: 4 series ({\"series\":\"0\"}, "
                        + "{\"series\":\"1\"}, {\"series\":\"2\"}, …); aggregate them to one with sum() or avg()");
    }

    @Test
    void prometheusErrorsAreReportedWithTheirTypeAndMessage() {
        prometheus.answer("sum(", Reply.error(400, "bad_data",
                "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"));
        assertThatThrownBy(() -> queries.query("sum(", AT)).isInstanceOf(MetricException.class)
                .hasMessage(prometheus.url() + "/api/v1/query query sum(: Prometheus answered bad_data: "
                        + "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    }

    @Test
    void answersThatAreNotPrometheusJsonNameTheUrlAndStatus() {
        prometheus.answer("proxy", Reply.raw(502, "<html><body>Bad Gateway</body></html>"));
        prometheus.answer("array", Reply.raw(200, "[1, 2]"));
        prometheus.answer("matrix", Reply.raw(200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        prometheus.answer("odd", Reply.raw(503, "{\"status\":\"success\"}"));
        prometheus.answer("text", Reply.raw(200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"many\"]}}"));
        String endpoint = prometheus.url() + "/api/v1/query query ";
        assertFailure("proxy", endpoint + "proxy: HTTP 502 with a body that is not Prometheus' JSON: "
                + "<html><body>Bad Gateway</body></html>");
        assertFailure("array", endpoint + "array: HTTP 200 with a body that is not Prometheus' JSON: [1, 2]");
        assertFailure("matrix", endpoint + "matrix: result type matrix, expected an instant vector or a scalar");
        assertFailure("odd", endpoint + "odd: HTTP 503 with status success, expected 200 and success");
        assertFailure("text", endpoint + "text: value \"many\" is not a number (e.g. 12, 1.5e-3, NaN, +Inf)");
    }

    @Test
    void aPrometheusThatDoesNotAnswerInTimeIsAnError() {
        PrometheusQueries impatient = new PrometheusQueries(prometheus.url(), HttpClient.newHttpClient(),
                Duration.ofMillis(300));
        prometheus.answer("slow", Reply.noAnswer());
        assertThatThrownBy(() -> impatient.query("slow", AT)).isInstanceOf(MetricException.class)
                .hasMessage(prometheus.url() + "/api/v1/query query slow: no answer within 300 ms");
    }

    @Test
    void aPrometheusThatIsDownIsAnError() {
        URI url = prometheus.url();
        prometheus.close();
        assertThatThrownBy(() -> new PrometheusQueries(url).query("up", AT)).isInstanceOf(MetricException.class)
                .hasMessageStartingWith(url + "/api/v1/query query up: ConnectException");
    }

    @Test
    void templatesNameTheVersionAndWindow() {
        prometheus.answerAll(query -> Reply.vector(query.contains("version=\"v2\"") ? 0.5 : 0.1));
        PrometheusQueries withSlash = new PrometheusQueries(URI.create(prometheus.url() + "/"));
        String template = "sum(rate(http_requests_total{app=\"{{app}}\",version=\"{{ version }}\"}[{{window}}]))";
        assertThat(withSlash.query(template, "web", "v2", Duration.ofMinutes(2), AT)).isEqualTo(0.5);
        assertThat(withSlash.query(template, "web", "v1", Duration.ofSeconds(90), AT)).isEqualTo(0.1);
        assertThat(prometheus.queries()).extracting(Query::query).containsExactly(
                "sum(rate(http_requests_total{app=\"web\",version=\"v2\"}[2m]))",
                "sum(rate(http_requests_total{app=\"web\",version=\"v1\"}[90s]))");
    }

    @Test
    void unknownPlaceholdersAndOddWindowsAreRefused() {
        assertThatThrownBy(() -> PrometheusQueries.render("x{a=\"{{x}}\"}", "web", "v2", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query x{a=\"{{x}}\"}: unknown placeholder {{x}} (known: {{app}}, {{version}}, {{window}})");
        assertThatThrownBy(() -> PrometheusQueries.render("x[{{window}}]", "web", "v2", Duration.ofMillis(1500)))
                .hasMessage("window PT1.5S is not a positive number of whole seconds");
        assertThat(prometheus.queries()).isEmpty();
    }

    @Test
    void windowsAreWrittenInTheirLargestWholeUnit() {
        assertThat(PrometheusQueries.duration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(PrometheusQueries.duration(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(PrometheusQueries.duration(Duration.ofSeconds(3601))).isEqualTo("3601s");
        assertThat(PrometheusQueries.duration(Duration.ofHours(2))).isEqualTo("2h");
        assertThatThrownBy(() -> PrometheusQueries.duration(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertFailure(String query, String message) {
        assertThatThrownBy(() -> queries.query(query, AT)).isInstanceOf(MetricException.class).hasMessage(message);
    }
}
