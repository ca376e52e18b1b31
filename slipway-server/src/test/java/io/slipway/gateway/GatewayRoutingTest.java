package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.config;
import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayRoutingTest {
    private static GatewayRuntime rt;
    private TestUpstream blue;
    private TestUpstream green;
    private Gateway gateway;

    @BeforeAll
    static void startRuntime() {
        rt = GatewayRuntime.create(1);
    }

    @AfterAll
    static void stopRuntime() {
        rt.close();
    }

    @BeforeEach
    void start() {
        blue = TestUpstream.start("blue");
        green = TestUpstream.start("green");
        gateway = Gateway.start(rt, "web", config(), noProbes());
    }

    @AfterEach
    void stop() {
        gateway.close();
        blue.close();
        green.close();
    }

    @Test
    void splitsTrafficByWeight() {
        gateway.publish(table(1, slot("stable", "v1", 80, blue), slot("candidate", "v2", 20, green)));

        Map<String, Long> bodies = IntStream.range(0, 500).mapToObj(i -> get(gateway, "/").body())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(bodies.keySet()).containsExactlyInAnyOrder("blue", "green");
        assertThat(bodies.get("green")).isBetween(60L, 140L);
    }

    @Test
    void roundRobinsOverTheUpstreamsOfASlot() {
        gateway.publish(table(1, slot("stable", "v1", 100, blue, green)));

        Map<String, Long> bodies = IntStream.range(0, 100).mapToObj(i -> get(gateway, "/").body())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(bodies).containsEntry("blue", 50L).containsEntry("green", 50L);
    }

    @Test
    void switchesWithoutAnyFailedRequestWhileClientsRun() throws Exception {
        gateway.publish(table(1, slot("stable", "v1", 100, blue)));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<String> failures = new ArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            loops.add(clients.submit(() -> clientLoop(running, ok, failures, seen)));
        }
        for (int generation = 2; generation <= 60; generation++) {
            TestUpstream next = generation % 2 == 0 ? green : blue;
            gateway.publish(table(generation, slot("stable", generation % 2 == 0 ? "v2" : "v1", 100, next)));
            long target = ok.get() + 10;
            await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> ok.get() >= target || !failures.isEmpty());
        }
        running.set(false);
        for (Future<?> f : loops) {
            f.get();
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        assertThat(seen).containsExactlyInAnyOrder("blue", "green");
        assertThat(get(gateway, "/").body()).isEqualTo("green");
        assertThat(gateway.routing().generation()).isEqualTo(60);
    }

    private void clientLoop(AtomicBoolean running, AtomicLong ok, List<String> failures, Set<String> seen) {
        while (running.get()) {
            try {
                HttpResponse<String> r = get(gateway, "/");
                if (r.statusCode() == 200) {
                    seen.add(r.body());
                    ok.incrementAndGet();
                } else {
                    synchronized (failures) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                }
            } catch (RuntimeException e) {
                synchronized (failures) {
                    failures.add(e.toString());
                }
            }
        }
    }

    @Test
    void anInFlightRequestFinishesOnTheOldUpstreamAfterASwap() {
        gateway.publish(table(1, slot("stable", "v1", 100, blue)));
        CompletableFuture<HttpResponse<String>> slow = GatewayTesting.HTTP.sendAsync(
                HttpRequest.newBuilder(uri(gateway, "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.inFlight("v1") == 1);

        gateway.publish(table(2, slot("stable", "v2", 100, green), slot("previous", "v1", 0, blue)));
        HttpResponse<String> fresh = get(gateway, "/");
        int stillInFlight = gateway.inFlight("v1");
        blue.release();

        assertThat(fresh.body()).isEqualTo("green");
        assertThat(stillInFlight).isEqualTo(1);
        assertThat(slow.join().body()).isEqualTo("blue");
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.inFlight("v1") == 0);
        assertThat(gateway.inFlight("v2")).isZero();
    }
}
