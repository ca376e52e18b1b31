package io.slipway.bench;

import static io.slipway.bench.RolloutWorkload.FLAG;
import static io.slipway.bench.RolloutWorkload.USERS;

import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
  * Unleash side of the flag-evaluation comparison: the Unleash Java SDK's {@code
  * DefaultUnleash.isEnabled(flag, context)} on the {@link RolloutWorkload}, a flexibleRollout
  * strategy at 10 % with default stickiness (userId).
  *
  * <p>The SDK evaluates locally in its Yggdrasil engine (Rust, through JNI) in any case; here the
  * toggle comes from a bootstrap JSON instead of a server and polling and metrics are off, so the
  * measurement is what an app connected to Unleash pays between two polls, with no network.
  *
  * <p>Most of that cost is around the engine, not in it (perf, 12.2.3): each call copies the
  * context, formats the current time, encodes a flatbuffer into a fresh 1 KiB direct buffer that
  * only a GC frees, and hands a ToggleEvaluated event to the SDK's executor thread, waking it. So
  * the figure swings with GC and thread scheduling (2.5 to 5 µs an iteration on 2 cores): compare
  * runs of several iterations, with the same JVM options on both sides.
  */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class UnleashEvaluationBenchmark {
    /** The flag as Unleash's /api/client/features serves it. */
    private static final String FEATURES = """
            {"version": 2, "features": [
                {"name": "rollout.10", "type": "release", "enabled": true, "project": "default",
                  "strategies": [{"name": "flexibleRollout", "constraints": [],
                      "parameters": {"rollout": "10", "stickiness": "default", "groupId": "rollout.10"}}]}]}
            """;

    private Path backupDir;
    private DefaultUnleash unleash;
    private UnleashContext[] contexts;
    private int next;

    /** Starts the SDK on the bootstrapped flag and checks that it answers for 10 % of users. */
    @Setup(Level.Trial)
    public void start() throws IOException {
        // The SDK reads its backup file before the bootstrap: a fresh directory keeps a stale
        // /tmp/unleash-<app>-repo.json from another run out.
        backupDir = Files.createTempDirectory("slipway-bench-unleash");
        UnleashConfig config = UnleashConfig.builder()
                .appName("slipway-bench")
                .instanceId("slipway-bench")
                // Required by the builder but never contacted: no polling, no metrics or registration.
                .unleashAPI("http://127.0.0.1:9/api/")
                .disablePolling()
                .disableMetrics()
                .backupFile(backupDir.resolve("repo.json").toString())
                .toggleBootstrapProvider(() -> Optional.of(FEATURES))
                .build();
        unleash = new DefaultUnleash(config);
        RolloutWorkload.requireTenPercent("unleash", i -> unleash.isEnabled(FLAG, context(i)));
        contexts = new UnleashContext[USERS];
        for (int i = 0; i < USERS; i++) {
            contexts[i] = context(i);
        }
    }

    private static UnleashContext context(int user) {
        return UnleashContext.builder().userId(RolloutWorkload.userId(user)).build();
    }

    /** One evaluation for the next user; the contexts are built in {@link #start}. */
    @Benchmark
    public boolean isEnabled() {
        return unleash.isEnabled(FLAG, contexts[next++ & (USERS - 1)]);
    }

    /** Stops the SDK's scheduler and removes the (unused) backup directory. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        unleash.shutdown();
        Files.deleteIfExists(backupDir.resolve("repo.json"));
        Files.delete(backupDir);
    }
}
