package io.slipway.sdk;

import io.slipway.flags.FlagContext;
import io.slipway.flags.FlagRules;
import io.slipway.flags.Ruleset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static io.slipway.sdk.TestRules.ENV;
import static io.slipway.sdk.TestRules.abTest;
import static io.slipway.sdk.TestRules.checkout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SlipwayFlagsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BOOTSTRAP = "{\"environment\":\"production\",\"version\":1,"
            + "\"flags\":[{\"key\":\"checkout\",\"enabled\":true,\"strategies\":[{\"rollout\":100}]}]}";

    @TempDir
    Path dir;
    private FakeSlipwayServer server;
    private SlipwayFlags flags;

    @AfterEach
    void stop() {
        if (flags != null) {
            flags.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static SlipwayFlags.Builder client(URI uri) {
        return SlipwayFlags.builder().server(uri).environment(ENV).appName("shop").instance("test/1")
                .pollInterval(Duration.ofMillis(100)).eventsInterval(Duration.ofHours(1));
    }

    /** A URL nothing listens on: connections are refused at once. */
    private static URI deadServer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private Path bootstrapFile() throws IOException {
        return Files.writeString(dir.resolve("bootstrap.json"), BOOTSTRAP);
    }

    @Test
    void withTheServerDownAtStartTheCachedRulesAreEvaluatedAtOnce() throws IOException {
        RulesetFile.cache(dir, ENV).write(checkout(5, false));
        flags = client(deadServer()).cacheDir(dir).bootstrap(bootstrapFile()).build();

        assertThat(flags.source()).isEqualTo(Source.CACHE);
        assertThat(flags.version()).isEqualTo(5);
        assertThat(flags.isEnabled("checkout", FlagContext.EMPTY)).isFalse();
        assertThat(flags.ready()).isFalse();
        assertThat(flags.awaitReady(Duration.ofMillis(300))).isFalse();
        assertThat(flags.version()).as("still the cache after failed attempts").isEqualTo(5);
    }

    @Test
    void withoutACacheTheBootstrapFileIsEvaluated() throws IOException {
        flags = client(deadServer()).cacheDir(dir).bootstrap(bootstrapFile()).build();

        assertThat(flags.source()).isEqualTo(Source.BOOTSTRAP);
        assertThat(flags.version()).isEqualTo(1);
        assertThat(flags.isEnabled("checkout", FlagContext.ofUser("u1"))).isTrue();
    }

    @Test
    void aCorruptCacheIsLoggedWithItsPathAndTheBootstrapUsed() throws IOException {
        Path cache = Files.writeString(dir.resolve("production.ruleset.json"), "{\"environment\":\"production\",\"vers");
        try (LogCapture log = new LogCapture()) {
            flags = client(deadServer()).cacheDir(dir).bootstrap(bootstrapFile()).build();

            assertThat(flags.source()).isEqualTo(Source.BOOTSTRAP);
            assertThat(flags.isEnabled("checkout", FlagContext.EMPTY)).isTrue();
            assertThat(log.messages(java.util.logging.Level.SEVERE)).singleElement().asString().contains(cache.toString());
        }
    }

    @Test
    void withNeitherEveryFlagIsOffOrItsFallback() throws IOException {
        flags = client(deadServer()).build();

        assertThat(flags.source()).isEqualTo(Source.NONE);
        assertThat(flags.isEnabled("checkout", FlagContext.EMPTY)).isFalse();
        assertThat(flags.isEnabled("checkout", FlagContext.EMPTY, true)).isTrue();
        assertThat(flags.isEnabled("checkout", null)).isFalse();
    }

    @Test
    void everyRulesetReceivedIsCachedAndARestartedClientAnswersExactlyAsBefore() throws IOException {
        server = FakeSlipwayServer.start(abTest(3, 30, false));
        flags = client(server.uri()).cacheDir(dir).build();
        assertThat(flags.awaitReady(WAIT)).isTrue();
        server.publish(abTest(4, 40, false));
        await().atMost(WAIT).until(() -> RulesetFile.cache(dir, ENV).read().map(Ruleset::version).orElse(0L) == 4);
        List<String> before = answers(flags);
        flags.close();
        server.close();
        server = null;

        flags = client(deadServer()).cacheDir(dir).build();

        assertThat(flags.source()).isEqualTo(Source.CACHE);
        assertThat(flags.version()).isEqualTo(4);
        assertThat(answers(flags)).isEqualTo(before);
        assertThat(before).filteredOn(a -> a.startsWith("true")).hasSizeBetween(700, 900);
    }

    private static List<String> answers(SlipwayFlags flags) {
        return IntStream.range(0, 2000).mapToObj(i -> FlagContext.ofUser("user-" + i))
                .map(ctx -> flags.isEnabled("checkout", ctx) + "/" + flags.variant("checkout", ctx).name()).toList();
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndItsValue() {
        assertThatThrownBy(() -> SlipwayFlags.builder().server(URI.create("http://x:1")).appName("shop").build())
                .hasMessage("environment: missing");
        assertThatThrownBy(() -> SlipwayFlags.builder().server(URI.create("ftp://x")).environment(ENV).appName("shop").build())
                .hasMessageContaining("server: ftp://x is not an http(s) URL");
        assertThatThrownBy(() -> client(URI.create("http://x:1")).pollInterval(Duration.ZERO).build())
                .hasMessage("pollInterval: PT0S must be positive");
    }

    @Test
    void isEnabledAllocatesNothing() throws IOException {
        Ruleset rules = new Ruleset(ENV, 1, List.of(), List.of(FlagRules.rollout("checkout", 10), FlagRules.simple("kill", false)));
        RulesetFile.cache(dir, ENV).write(rules);
        flags = client(deadServer()).cacheDir(dir).build();
        FlagContext[] contexts = IntStream.range(0, 64).mapToObj(i -> FlagContext.ofUser("user-" + i)).toArray(FlagContext[]::new);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int on = 0;
        for (int i = 0; i < 10_000; i++) { // warm up, so class loading is not counted
            on += flags.isEnabled("checkout", contexts[i & 63]) ? 1 : 0;
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            on += flags.isEnabled("checkout", contexts[i & 63]) ? 1 : 0;
            on += flags.isEnabled("kill", contexts[i & 63], true) ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(on).isPositive();
        // One allocation per call would be >= 16 B each, 6.4 MB in all; the bound is 0.1 B per call.
        assertThat(allocated).as("bytes allocated by 400 000 calls").isLessThan(40_000);
    }
}
