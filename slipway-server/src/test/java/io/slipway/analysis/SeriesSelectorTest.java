package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.analysis.PrometheusText.Sample;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesSelectorTest {
    private static final Sample GET_200 = sample("http_requests_total", Map.of("status", "200", "method", "GET"));
    private static final Sample GET_503 = sample("http_requests_total", Map.of("status", "503", "method", "GET"));
    private static final Sample POST_500 = sample("http_requests_total", Map.of("status", "500", "method", "POST"));
    private static final Sample NO_STATUS = sample("http_requests_total", Map.of("method", "GET"));
    private static final Sample HITS = sample("cache_hits_total", Map.of());

    @Test
    void aNameAloneMatchesEverySeriesOfThatMetric() {
        SeriesSelector s = SeriesSelector.parse("cache_hits_total");
        assertThat(s.matches(HITS)).isTrue();
        assertThat(s.matches(GET_200)).isFalse();
        assertThat(s.metric()).isEqualTo("cache_hits_total");
    }

    @Test
    void equalityAndRegexMatchersMustAllHold() {
        SeriesSelector s = SeriesSelector.parse("http_requests_total{status=~\"5..\",method=\"GET\"}");
        assertThat(s.matches(GET_503)).isTrue();
        assertThat(s.matches(GET_200)).isFalse();
        assertThat(s.matches(POST_500)).isFalse();
        assertThat(s.matches(HITS)).isFalse();
    }

    @Test
    void negativeMatchersAndAMissingLabelReadingAsEmpty() {
        assertThat(SeriesSelector.parse("http_requests_total{status!=\"200\"}").matches(NO_STATUS)).isTrue();
        assertThat(SeriesSelector.parse("http_requests_total{status!=\"200\"}").matches(GET_200)).isFalse();
        assertThat(SeriesSelector.parse("http_requests_total{status!~\"5..\"}").matches(GET_200)).isTrue();
        assertThat(SeriesSelector.parse("http_requests_total{status!~\"5..\"}").matches(POST_500)).isFalse();
        assertThat(SeriesSelector.parse("http_requests_total{status=\"\"}").matches(NO_STATUS)).isTrue();
        assertThat(SeriesSelector.parse("http_requests_total{status=\"\"}").matches(GET_200)).isFalse();
    }

    @Test
    void regexesMatchTheWholeValue() {
        Sample status5000 = sample("x", Map.of("status", "5000"));
        Sample status1500 = sample("x", Map.of("status", "1500"));
        assertThat(SeriesSelector.parse("x{status=~\"5..\"}").matches(status5000)).isFalse();
        assertThat(SeriesSelector.parse("x{status=~\"5..\"}").matches(status1500)).isFalse();
        assertThat(SeriesSelector.parse("x{status=~\"5.*\"}").matches(status5000)).isTrue();
        assertThat(SeriesSelector.parse("x{status=~\"200|5000\"}").matches(status5000)).isTrue();
        assertThat(SeriesSelector.parse("x{status!~\"5..\"}").matches(status5000)).isTrue();
    }

    @Test
    void theNameCanBeMatchedAsTheNameLabel() {
        SeriesSelector s = SeriesSelector.parse("{__name__=~\"cache_.*\"}");
        assertThat(s.matches(HITS)).isTrue();
        assertThat(s.matches(GET_200)).isFalse();
        assertThat(s.metric()).isEmpty();
    }

    @Test
    void valuesTakeTheExpositionEscapesAndBlanksAreAllowed() {
        Sample path = sample("files", Map.of("path", "C:\\DIR", "msg", "say \"hi\"\nbye"));
        SeriesSelector s = SeriesSelector.parse(" files { path = \"C:\\\\DIR\" , msg=~\"say \\\"hi\\\".bye\" , } ");
        assertThat(s.matches(path)).isTrue();
        assertThat(s).hasToString("files{path=\"C:\\\\DIR\",msg=~\"say \\\"hi\\\".bye\"}");
        assertThat(SeriesSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void badTextIsRefusedNamingTheTextAndColumn() {
        assertBad("", "series selector , column 1: needs a metric name or a matcher");
        assertBad("{status=~\".*\"}", "needs a metric name or a matcher that does not match the empty string");
        assertBad("x{status=\"5\"", "series selector x{status=\"5\", column 13: expected ',' or '}' after a matcher, found the end");
        assertBad("x{status=\"5}", "column 10: the value of label status has no closing '\"'");
        assertBad("x{status==\"5\"}", "column 10: expected '\"' to open the value of label status, found '='");
        assertBad("x{status<\"5\"}", "column 9: expected =, !=, =~ or !~ after label status, found '<'");
        assertBad("x{status!\"5\"}", "column 10: expected =, !=, =~ or !~ after label status, found '\"'");
        assertBad("x{status=~\"5(\"}", "column 11: label status: \"5(\" is not a regular expression (Unclosed group)");
        assertBad("x y", "column 3: unexpected 'y'");
        assertBad("x{} extra", "column 5: unexpected 'e'");
    }

    private static void assertBad(String text, String message) {
        assertThatThrownBy(() -> SeriesSelector.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static Sample sample(String name, Map<String, String> labels) {
        return new Sample(name, labels, 1);
    }
}
