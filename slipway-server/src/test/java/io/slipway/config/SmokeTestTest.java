package io.slipway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmokeTestTest {
    private static SmokeTest check(String method, String path, Map<String, String> headers, int status,
                                   String pointer, String equals, Duration timeout) {
        return new SmokeTest("check", method, path, headers, null, status, null, pointer, equals, timeout);
    }

    private static SmokeTest check(String method, String path) {
        return check(method, path, Map.of(), 200, null, null, Duration.ofSeconds(1));
    }

    @Test
    void getNamesItselfByItsRequestLineWithDefaults() {
        SmokeTest test = SmokeTest.get("/health", 204);

        assertThat(test.name()).isEqualTo("GET /health");
        assertThat(test.method()).isEqualTo("GET");
        assertThat(test.expectStatus()).isEqualTo(204);
        assertThat(test.headers()).isEmpty();
        assertThat(test.body()).isNull();
        assertThat(test.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nullHeadersMeanNone() {
        assertThat(check("GET", "/", null, 200, null, null, Duration.ofSeconds(1)).headers()).isEmpty();
    }

    @Test
    void rejectsAMethodThatIsNotAToken() {
        assertThatThrownBy(() -> check("GE T", "/health"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"check\": method \"GE T\" is not an HTTP method token (e.g. GET, POST)");
        assertThatThrownBy(() -> check(null, "/health")).hasMessageContaining("method null is not");
        assertThatThrownBy(() -> check("", "/health")).hasMessageContaining("method \"\" is not");
    }

    @Test
    void acceptsAnyMethodToken() {
        assertThat(check("PURGE", "/cache").method()).isEqualTo("PURGE");
    }

    @Test
    void rejectsAPathWithoutLeadingSlash() {
        assertThatThrownBy(() -> check("GET", "health"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"check\": path \"health\" does not start with / (e.g. /health)");
        assertThatThrownBy(() -> check("GET", null)).hasMessageContaining("path null does not start with /");
    }

    @Test
    void rejectsAPathThatIsNotARequestTarget() {
        assertThatThrownBy(() -> check("GET", "/search?q=a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("smoke test \"check\": path \"/search?q=a b\" is not a valid request target");
        assertThatThrownBy(() -> check("GET", "/docs#intro"))
                .hasMessageContaining("path \"/docs#intro\" has a #fragment");
    }

    @Test
    void acceptsTheVersionPlaceholderAndAQueryInThePath() {
        assertThat(check("GET", "/items/{version}?full=1").path()).isEqualTo("/items/{version}?full=1");
    }

    @Test
    void namesAnUnnamedTestInValidationErrors() {
        assertThatThrownBy(() -> new SmokeTest(null, "GET", "x", null, null, 200, null, null, null,
                Duration.ofSeconds(1)))
                .hasMessage("smoke test: path \"x\" does not start with / (e.g. /health)");
    }

    @Test
    void rejectsABlankName() {
        assertThatThrownBy(() -> new SmokeTest(" ", "GET", "/", null, null, 200, null, null, null,
                Duration.ofSeconds(1)))
                .hasMessage("smoke test \" \": name is blank");
    }

    @Test
    void rejectsAStatusOutside100To599() {
        assertThatThrownBy(() -> check("GET", "/", Map.of(), 99, null, null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"check\": expected status 99 is not an HTTP status (100-599)");
        assertThatThrownBy(() -> check("GET", "/", Map.of(), 600, null, null, Duration.ofSeconds(1)))
                .hasMessageContaining("expected status 600 is not");
        assertThat(check("GET", "/", Map.of(), 100, null, null, Duration.ofSeconds(1)).expectStatus()).isEqualTo(100);
        assertThat(check("GET", "/", Map.of(), 599, null, null, Duration.ofSeconds(1)).expectStatus()).isEqualTo(599);
    }

    @Test
    void rejectsATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> SmokeTest.get("/", 200).withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"GET /\": timeout PT0S is not positive (e.g. 5s, 250ms)");
        assertThatThrownBy(() -> SmokeTest.get("/", 200).withTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("timeout PT-0.001S is not positive");
        assertThatThrownBy(() -> SmokeTest.get("/", 200).withTimeout(null))
                .hasMessageContaining("timeout null is not positive");
    }

    @Test
    void rejectsJsonEqualsWithoutAPointer() {
        assertThatThrownBy(() -> check("GET", "/", Map.of(), 200, null, "v2", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"check\": jsonEquals \"v2\" needs a jsonPointer saying where to look");
    }

    @Test
    void rejectsAJsonPointerNotStartingWithSlash() {
        assertThatThrownBy(() -> SmokeTest.get("/version", 200).expectingJson("version", "v2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"GET /version\": jsonPointer \"version\" is not a JSON pointer"
                        + " (RFC 6901, e.g. /version)");
    }

    @Test
    void acceptsAPointerWithoutAnExpectedValue() {
        SmokeTest test = SmokeTest.get("/version", 200).expectingJson("/build/sha", null);

        assertThat(test.jsonPointer()).isEqualTo("/build/sha");
        assertThat(test.jsonEquals()).isNull();
    }

    @Test
    void rejectsAHeaderNameThatIsNotAToken() {
        assertThatThrownBy(() -> check("GET", "/", Map.of("X Trace", "1"), 200, null, null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"check\": header name \"X Trace\" is not an HTTP token");
    }

    @Test
    void rejectsAHeaderValueWithALineBreak() {
        assertThatThrownBy(() -> check("GET", "/", Map.of("X-Trace", "1\r\nX-Evil: 1"), 200, null, null,
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("smoke test \"check\": header X-Trace value \"1\r\nX-Evil: 1\" is missing");
    }

    @Test
    void rejectsHeadersTheHttpClientSetsItself() {
        assertThatThrownBy(() -> check("GET", "/", Map.of("host", "example.com"), 200, null, null,
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoke test \"check\": header \"host\" is set by the HTTP client and cannot be given");
        assertThatThrownBy(() -> check("GET", "/", Map.of("Content-Length", "3"), 200, null, null,
                Duration.ofSeconds(1)))
                .hasMessageContaining("header \"Content-Length\" is set by the HTTP client");
    }

    @Test
    void keepsItsOwnCopyOfTheHeaders() {
        Map<String, String> headers = new HashMap<>(Map.of("X-Trace", "1"));
        SmokeTest test = check("GET", "/", headers, 200, null, null, Duration.ofSeconds(1));
        headers.put("X-Other", "2");

        assertThat(test.headers()).containsOnlyKeys("X-Trace");
        assertThatThrownBy(() -> test.headers().put("X-More", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void forVersionReplacesThePlaceholderInPathHeadersBodyAndExpectations() {
        SmokeTest test = new SmokeTest("{version} check", "POST", "/items/{version}?v={version}",
                Map.of("X-Build", "build-{version}"), "{\"version\":\"{version}\"}", 201, "created {version}",
                "/items/{version}", "{version}", Duration.ofSeconds(1));

        SmokeTest resolved = test.forVersion("v2");

        assertThat(resolved.path()).isEqualTo("/items/v2?v=v2");
        assertThat(resolved.headers()).containsExactly(Map.entry("X-Build", "build-v2"));
        assertThat(resolved.body()).isEqualTo("{\"version\":\"v2\"}");
        assertThat(resolved.expectBody()).isEqualTo("created v2");
        assertThat(resolved.jsonEquals()).isEqualTo("v2");
        assertThat(resolved.jsonPointer()).as("a pointer is not a place for the version").isEqualTo("/items/{version}");
        assertThat(resolved.name()).isEqualTo("{version} check");
        assertThat(resolved.expectStatus()).isEqualTo(201);
    }

    @Test
    void forVersionLeavesNullFieldsNull() {
        SmokeTest resolved = SmokeTest.get("/health", 200).forVersion("v2");

        assertThat(resolved.body()).isNull();
        assertThat(resolved.expectBody()).isNull();
        assertThat(resolved.jsonEquals()).isNull();
    }
}
