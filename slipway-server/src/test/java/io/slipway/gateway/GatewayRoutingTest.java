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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayRoutingTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.unpublished(noProbes());

    @Test
    void splitsTrafficByWeight() {
        fx.gateway.publish(table(1, slot("stable", "v1", 80, fx.blue), slot("candidate", "v2", 20, fx.green)));

        Map<String, Long> bodies = IntStream.range(0, 500).mapToObj(i -> get(fx.gateway, "/").body())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(bodies.keySet()).containsExactlyInAnyOrder("blue", "green");
        assertThat(bodies.get("green")).isBetween(60L, 140L);
    }

    @Test
    void roundRobinsOverTheUpstreamsOfASlot() {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue, fx.green)));

        Map<String, Long> bodies = IntStream.range(0, 100).mapToObj(i -> get(fx.gateway, "/").body())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(bodies).containsEntry("blue", 50L).containsEntry("green", 50L);
    }

    @Test
    void switchesWithoutAnyFailedRequestWhileClientsRun() throws Exception {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue)));
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
            TestUpstream next = generation % 2 == 0 ? fx.green : fx.blue;
            fx.gateway.publish(table(generation, slot("stable", generation % 2 == 0 ? "v2" : "v1", 100, next)));
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
        assertThat(get(fx.gateway, "/").body()).isEqualTo("green");
        assertThat(fx.gateway.routing().generation()).isEqualTo(60);
    }

    private void clientLoop(AtomicBoolean running, AtomicLong ok, List<String> failures, Set<String> seen) {
        while (running.get()) {
            try {
                HttpResponse<String> r = get(fx.gateway, "/");
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
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue)));
        CompletableFuture<HttpResponse<String>> slow = GatewayTesting.HTTP.sendAsync(
                HttpRequest.newBuilder(uri(fx.gateway, "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.inFlight("v1") == 1);

        fx.gateway.publish(table(2, slot("stable", "v2", 100, fx.green), slot("previous", "v1", 0, fx.blue)));
        HttpResponse<String> fresh = get(fx.gateway, "/");
        int stillInFlight = fx.gateway.inFlight("v1");
        fx.blue.release();

        assertThat(fresh.body()).isEqualTo("green");
        assertThat(stillInFlight).isEqualTo(1);
        assertThat(slow.join().body()).isEqualTo("blue");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.inFlight("v1") == 0);
        assertThat(fx.gateway.inFlight("v2")).isZero();
    }
}
