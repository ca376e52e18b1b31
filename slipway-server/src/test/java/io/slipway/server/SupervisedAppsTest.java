package io.slipway.server;

import com.sun.net.httpserver.HttpServer;
import io.slipway.api.AdminApiTest;
import io.slipway.backup.BackupException;
import io.slipway.config.AppConfig;
import io.slipway.config.TestConfigs;
import io.slipway.deploy.Router;
import io.slipway.gateway.Slot;
import io.slipway.gateway.Upstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A restore that stopped the app starts it again; traffic must not move to instances still starting. */
class SupervisedAppsTest {
    private static final Upstream OLD = new Upstream("127.0.0.1", 1);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger probes = new AtomicInteger();
    private final List<List<Slot>> published = new CopyOnWriteArrayList<>();
    private HttpServer instance;

    @BeforeEach
    void startInstance() throws Exception {
        instance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        instance.createContext("/health/ready", exchange -> {
            probes.incrementAndGet();
            exchange.sendResponseHeaders(ready.get() ? 200 : 503, -1);
            exchange.close();
        });
        instance.start();
    }

    @AfterEach
    void stopInstance() {
        instance.stop(0);
    }

    @Test
    void republishesTheRoutesOnlyOnceTheRestartedInstancesAreReady() throws Exception {
        SupervisedApps apps = apps(Duration.ofSeconds(30));
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> apps.start("shop", List.of("v1")));
        await().until(() -> probes.get() >= 3);
        assertThat(published).as("no routes while the instance answers 503").isEmpty();
        assertThat(started).isNotDone();
        ready.set(true);
        started.get();
        assertThat(published).singleElement().satisfies(table ->
                assertThat(table).singleElement().extracting(Slot::upstreams).isEqualTo(List.of(restarted())));
    }

    @Test
    void saysWhichInstancesWereNotReadyInTimeAndStillPointsTheRoutesAtThem() {
        SupervisedApps apps = apps(Duration.ofMillis(400));
        assertThatThrownBy(() -> apps.start("shop", List.of("v1")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("v1 started but not ready within readyTimeout")
                .hasMessageContaining(restarted().host() + ":" + restarted().port() + " last answered HTTP 503");
        assertThat(published).as("the old instances are gone: nowhere better to send traffic").hasSize(1);
    }

    private Upstream restarted() {
        return new Upstream("127.0.0.1", instance.getAddress().getPort());
    }

    private SupervisedApps apps(Duration readyTimeout) {
        AppConfig shop = TestConfigs.withReadyTimeout(TestConfigs.app("shop", List.of("./shop"), Map.of()), readyTimeout);
        return new SupervisedApps(new OneInstanceFleet(restarted()), new RecordingRouter(published), name -> shop);
    }

    private static final class OneInstanceFleet extends AdminApiTest.NoFleet {
        private final Upstream upstream;

        OneInstanceFleet(Upstream upstream) {
            this.upstream = upstream;
        }

        @Override
        public List<Upstream> start(AppConfig app, String version) {
            return List.of(upstream);
        }
    }

    private record RecordingRouter(List<List<Slot>> published) implements Router {
        @Override
        public CompletableFuture<Long> publish(String app, List<Slot> slots) {
            published.add(List.copyOf(slots));
            return CompletableFuture.completedFuture((long) published.size());
        }

        @Override
        public List<Slot> current(String app) {
            return List.of(new Slot("blue", "v1", List.of(OLD), 100, 0));
        }

        @Override
        public int inFlight(String app, String version) {
            return 0;
        }

        @Override
        public boolean routable(String app, List<Upstream> upstreams) {
            return true;
        }
    }
}
