package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.analysis.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    /** The example of the format's documentation (prometheus.io, "Exposition formats"), verbatim. */
    private static final String DOCUMENTATION_EXAMPLE = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="0.2"} 100392
            http_request_duration_seconds_bucket{le="0.5"} 129389
            http_request_duration_seconds_bucket{le="1"} 133988
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # Finally a summary, which has a complex representation, too:
            # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.05"} 3272
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds{quantile="0.9"} 9001
            rpc_duration_seconds{quantile="0.99"} 76656
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """;

    @Test
    void readsTheDocumentationExample() {
        List<Sample> samples = PrometheusText.parse(DOCUMENTATION_EXAMPLE);
        assertThat(samples).hasSize(20);
        assertThat(samples.get(0)).isEqualTo(new Sample("http_requests_total", Map.of("method", "post", "code", "200"), 1027));
        assertThat(samples.get(1).value()).isEqualTo(3);
        assertThat(samples.get(2)).isEqualTo(new Sample("msdos_file_access_time_seconds",
                Map.of("path", "C:\\DIR\\FILE.TXT", "error", "Cannot find file:\n\"FILE.TXT\""), 1.458255915e9));
        assertThat(samples.get(3)).isEqualTo(new Sample("metric_without_timestamp_and_labels", Map.of(), 12.47));
        assertThat(samples.get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(samples.get(10)).isEqualTo(new Sample("http_request_duration_seconds_bucket", Map.of("le", "+Inf"), 144320));
        assertThat(samples.get(18)).isEqualTo(new Sample("rpc_duration_seconds_sum", Map.of(), 1.7560473e7));
        assertThat(samples.get(19).name()).isEqualTo("rpc_duration_seconds_count");
    }

    @Test
    void readsSpecialValuesAndScientificNotation() {
        List<Sample> samples = PrometheusText.parse("""
                a NaN
                b +Inf
                c -Inf
                d 1e3
                e -2.5E-2
                f .5
                g 7.
                h Inf
                i nan
                """);
        assertThat(samples).extracting(Sample::value).containsExactly(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 1000.0, -0.025, 0.5, 7.0, Double.POSITIVE_INFINITY, Double.NaN);
    }

    @Test
    void readsCrlfBlanksTabsTrailingCommasAndColonsInNames() {
        String text = "# TYPE x counter\r\n\r\n  x{a=\"1\",} 2\r\n"
                + "job:requests:rate5m { a = \"1\" ,\tb=\"2\" }\t3\t1700000000000\t\r\n"
                + "empty{} 4\r\n   \r\n# a comment that says # TYPE nothing\r\n";
        assertThat(PrometheusText.parse(text)).containsExactly(
                new Sample("x", Map.of("a", "1"), 2),
                new Sample("job:requests:rate5m", Map.of("a", "1", "b", "2"), 3),
                new Sample("empty", Map.of(), 4));
    }

    @Test
    void labelsCompareByNameAndValueWhateverTheirOrder() {
        List<Sample> samples = PrometheusText.parse("x{b=\"2\",a=\"1\"} 1\nx{a=\"1\",b=\"2\"} 1\n");
        assertThat(samples.get(0)).isEqualTo(samples.get(1));
        assertThat(samples.get(0).labels().keySet()).containsExactly("a", "b");
    }

    @Test
    void anEmptyExpositionHasNoSamples() {
        assertThat(PrometheusText.parse("")).isEmpty();
        assertThat(PrometheusText.parse("# HELP x nothing yet\n# TYPE x gauge\n")).isEmpty();
    }

    @Test
    void malformedLinesNameTheirNumberColumnAndText() {
        assertError("ok 1\nbad{a=\"1\"}\n", "line 2, column 11: expected the value of bad, found the end: bad{a=\"1\"}");
        assertError("x 1.0d", "line 1, column 3: value \"1.0d\" is not a number (e.g. 12, 1.5e-3, NaN, +Inf): x 1.0d");
        assertError("x 0x1p3", "line 1, column 3: value \"0x1p3\" is not a number");
        assertError("x{a=\"1} 2", "line 1, column 5: the value of label a has no closing '\"'");
        assertError("x{a=\"\\t\"} 2", "line 1, column 6: invalid escape in the value of label a");
        assertError("x{a=1} 2", "line 1, column 5: expected '\"' to open the value of label a, found '1'");
        assertError("x{a\"1\"} 2", "line 1, column 4: expected '=' after label a, found '\"'");
        assertError("x{a=\"1\" b=\"2\"} 2", "line 1, column 9: expected ',' or '}' after the value of label a");
        assertError("x{a=\"1\",a=\"2\"} 2", "line 1, column 9: label a appears twice");
        assertError("x{1a=\"1\"} 2", "line 1, column 3: expected a label name, found '1'");
        assertError("1x 2", "line 1, column 1: expected a metric name, found '1'");
        assertError("x 2 1.5", "line 1, column 5: timestamp \"1.5\" is not an integer of milliseconds since the epoch");
        assertError("x 2 99999999999999999999", "timestamp \"99999999999999999999\"");
        assertError("x 2 3 4", "line 1, column 7: unexpected text after the timestamp: x 2 3 4");
        assertError("# TYPE x countr", "line 1, column 10: TYPE of x is \"countr\", not counter, gauge");
        assertError("# TYPE x counter extra", "unexpected text after the type");
        assertError("# HELP", "line 1, column 7: expected a metric name, found the end");
    }

    @Test
    void numbersAreReadAsGoReadsThemNotAsJavaDoes() {
        assertThat(PrometheusText.number("+1.5")).isEqualTo(1.5);
        assertThat(PrometheusText.number("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        for (String notANumber : List.of("1f", "1d", "", "+", ".", "e3", "1e", "1_000", "+NaN", "Infinityx")) {
            assertThatThrownBy(() -> PrometheusText.number(notANumber)).as(notANumber)
                    .isInstanceOf(NumberFormatException.class);
        }
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(MetricException.class)
                .hasMessageContaining(message);
    }
}
