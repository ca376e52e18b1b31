package io.slipway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.flags.FlagContext;
import io.slipway.flags.FlagRules;
import io.slipway.flags.Ruleset;
import io.slipway.sdk.SlipwayFlags;
import io.slipway.sdk.Source;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.slipway.bench.RolloutWorkload.FLAG;
import static io.slipway.bench.RolloutWorkload.USERS;

/**
 * Slipway SDK side of the flag-evaluation comparison, what an application calls: {@link SlipwayFlags#isEnabled}
 * on the {@link RolloutWorkload}, the client bootstrapped from a ruleset file holding the same 10 % rollout
 * that {@link SlipwayEvaluationBenchmark} evaluates bare. The Unleash side is likewise its SDK, bootstrapped.
 *
 * <p>The client is a real one, so its sync thread runs: the server is 127.0.0.1 port 9, which refuses at
 * once, and the client keeps evaluating the bootstrap rules. Polling (1 h) and event posts (1 h) are set
 * beyond the run, which leaves the event stream's reconnects: a refused connect on the sync thread at
 * 0.1, 0.2, 0.4 … 6.4 s after setup, then about every 10 s (the SDK's longest backoff), each well under a
 * millisecond of the other core's time. JMH's warm-up covers the first burst of them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SdkEvaluationBenchmark {
    /** A port nothing listens on here (discard), so a connect is refused rather than left hanging. */
    private static final URI NO_SERVER = URI.create("http://127.0.0.1:9");
    private static final Duration NEVER_IN_A_RUN = Duration.ofHours(1);
    /** Kept strongly: java.util.logging holds loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("io.slipway.sdk");

    private Path bootstrap;
    private SlipwayFlags flags;
    private FlagContext[] contexts;
    private int next;

    /** Starts the client on the bootstrap file and checks that it answers for 10 % of users. */
    @Setup(Level.Trial)
    public void start() throws IOException {
        // The refused connects are expected here; the SDK would log each outage as a warning.
        SDK_LOG.setLevel(java.util.logging.Level.SEVERE);
        Ruleset ruleset = new Ruleset("production", 1, List.of(), List.of(FlagRules.rollout(FLAG, 10)));
        bootstrap = Files.createTempFile("slipway-bench-sdk", ".ruleset.json");
        Files.write(bootstrap, new ObjectMapper().writeValueAsBytes(ruleset));
        flags = SlipwayFlags.builder().server(NO_SERVER).environment("production").appName("slipway-bench")
                .instance("slipway-bench").bootstrap(bootstrap).pollInterval(NEVER_IN_A_RUN)
                .eventsInterval(NEVER_IN_A_RUN).build();
        if (flags.source() != Source.BOOTSTRAP || flags.version() != 1) {
            throw new IllegalStateException("sdk: evaluating " + flags.source() + " rules version " + flags.version()
                    + ", expected the bootstrap file's version 1");
        }
        RolloutWorkload.requireTenPercent("sdk", i -> flags.isEnabled(FLAG, context(i)));
        contexts = new FlagContext[USERS];
        for (int i = 0; i < USERS; i++) {
            contexts[i] = context(i);
        }
    }

    private static FlagContext context(int user) {
        return FlagContext.ofUser(RolloutWorkload.userId(user));
    }

    /** One evaluation for the next user; the contexts are built in {@link #start}. */
    @Benchmark
    public boolean isEnabled() {
        return flags.isEnabled(FLAG, contexts[next++ & (USERS - 1)]);
    }

    /** Stops the client's threads and removes the bootstrap file. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        flags.close();
        Files.delete(bootstrap);
    }
}
