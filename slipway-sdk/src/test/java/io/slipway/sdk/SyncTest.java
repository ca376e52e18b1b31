package io.slipway.sdk;

import io.slipway.flags.FlagContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.slipway.sdk.TestRules.ENV;
import static io.slipway.sdk.TestRules.checkout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SyncTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private SlipwayFlags.Builder client(URI uri) {
        return SlipwayFlags.builder().server(uri).environment(ENV).appName("shop").instance("test/1")
                .pollInterval(Duration.ofMillis(100)).eventsInterval(Duration.ofHours(1));
    }

    @Test
    void rulesArriveOverTheStreamAndAChangeIsSeen() throws IOException {
        server = FakeSlipwayServer.start(checkout(1, false));
        flags = client(server.uri()).build();
        assertThat(flags.awaitReady(WAIT)).isTrue();
        assertThat(flags.source()).isEqualTo(Source.SERVER_STREAM);
        assertThat(flags.isEnabled("checkout", FlagContext.EMPTY)).isFalse();
        List<Long> seen = new CopyOnWriteArrayList<>();
        flags.onChange(r -> seen.add(r.version()));

        server.publish(checkout(2, true));

        await().atMost(WAIT).until(() -> flags.isEnabled("checkout", FlagContext.EMPTY));
        assertThat(flags.version()).isEqualTo(2);
        // A listener added just after ready may still hear version 1: listeners are told right after
        // the swap that makes the client ready, so that notice can come after onChange. What must hold:
        // the change is heard, once, last.
        assertThat(seen).endsWith(2L).doesNotHaveDuplicates().allMatch(v -> v == 1L || v == 2L);
    }

    @Test
    void reconnectsWithLastEventIdAndCatchesUpOnAChangeMissedWhileDisconnected() throws IOException {
        server = FakeSlipwayServer.start(checkout(1, false));
        server.rulesetStatus = 503; // no polling: the change must come back over the stream
        flags = client(server.uri()).build();
        assertThat(flags.awaitReady(WAIT)).isTrue();

        server.streamStatus = 503;
        server.dropStreams();
        await().atMost(WAIT).until(() -> server.lastEventIds.size() >= 3); // two refused reconnects
        server.publish(checkout(2, true)); // no stream open: the client misses it
        assertThat(flags.version()).isEqualTo(1);
        server.streamStatus = 200;

        await().atMost(WAIT).until(() -> flags.version() == 2);
        assertThat(flags.isEnabled("checkout", FlagContext.EMPTY)).isTrue();
        assertThat(flags.source()).isEqualTo(Source.SERVER_STREAM);
        assertThat(server.lastEventIds.get(0)).isEqualTo("null");
        assertThat(server.lastEventIds.subList(1, server.lastEventIds.size())).containsOnly("1");
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 500})
    void pollsWhileTheStreamIsUnavailableAndHonoursNotModified(int streamStatus) throws IOException {
        server = FakeSlipwayServer.start(checkout(1, false));
        server.streamStatus = streamStatus;
        flags = client(server.uri()).build();
        assertThat(flags.awaitReady(WAIT)).isTrue();
        assertThat(flags.source()).isEqualTo(Source.SERVER_POLL);

        server.publish(checkout(2, true));

        await().atMost(WAIT).until(() -> flags.version() == 2);
        assertThat(flags.isEnabled("checkout", FlagContext.EMPTY)).isTrue();
        await().atMost(WAIT).until(() -> server.notModified.get() >= 2);
        assertThat(server.ifNoneMatch.get(0)).isEqualTo("null");
        assertThat(server.ifNoneMatch).contains("\"1\"", "\"2\"");
        assertThat(flags.version()).isEqualTo(2);
    }

    @Test
    void theStreamTakesOverAgainFromPollingWhenItComesBack() throws IOException {
        server = FakeSlipwayServer.start(checkout(1, false));
        server.streamStatus = 404;
        flags = client(server.uri()).build();
        assertThat(flags.awaitReady(WAIT)).isTrue();
        server.streamStatus = 200;

        await().atMost(WAIT).until(() -> server.openStreams() == 1);
        await().atMost(WAIT).until(() -> flags.source() == Source.SERVER_STREAM);
        int polls = server.ifNoneMatch.size();
        server.publish(checkout(2, true));
        await().atMost(WAIT).until(() -> flags.version() == 2);
        assertThat(flags.source()).isEqualTo(Source.SERVER_STREAM);
        assertThat(server.ifNoneMatch.size()).as("polls once the stream is up").isLessThanOrEqualTo(polls + 1);
    }

    @Test
    void reconnectsWhenTheStreamFallsSilent() throws IOException {
        server = FakeSlipwayServer.start(checkout(1, false));
        server.silentStreams = true;
        server.rulesetStatus = 503;
        flags = client(server.uri()).streamIdleTimeout(Duration.ofMillis(300)).build();

        await().atMost(WAIT).until(() -> server.lastEventIds.size() >= 2);
        server.silentStreams = false;
        assertThat(flags.awaitReady(WAIT)).isTrue();
    }

    @Test
    void closeStopsEveryThread() throws IOException {
        server = FakeSlipwayServer.start(checkout(1, false));
        flags = client(server.uri()).build();
        assertThat(flags.awaitReady(WAIT)).isTrue();
        assertThat(sdkThreads()).isNotEmpty();

        flags.close();

        await().atMost(WAIT).until(() -> sdkThreads().isEmpty());
    }

    @Test
    void closeIsPromptWhileTheServerAcceptsButNeverAnswers() throws IOException {
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            flags = client(URI.create("http://127.0.0.1:" + hung.getLocalPort())).build();
            await().atMost(WAIT).until(() -> !sdkThreads().isEmpty());

            long start = System.nanoTime();
            flags.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            await().atMost(WAIT).until(() -> sdkThreads().isEmpty());
        }
    }

    static List<String> sdkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("slipway-sdk")).toList();
    }
}
