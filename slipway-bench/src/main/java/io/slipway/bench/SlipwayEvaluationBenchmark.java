package io.slipway.bench;

import io.slipway.flags.Evaluator;
import io.slipway.flags.FlagContext;
import io.slipway.flags.FlagRules;
import io.slipway.flags.Ruleset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.slipway.bench.RolloutWorkload.FLAG;
import static io.slipway.bench.RolloutWorkload.USERS;

/**
 * Slipway side of the flag-evaluation comparison: {@link Evaluator#isEnabled} on the
 * {@link RolloutWorkload}, the same 10 % rollout sticky by userId (and Unleash-compatible buckets, so
 * both sides turn on the same users).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SlipwayEvaluationBenchmark {
    private Evaluator evaluator;
    private FlagContext[] contexts;
    private int next;

    /** Compiles the flag and checks that it answers for 10 % of users. */
    @Setup(Level.Trial)
    public void start() {
        evaluator = Evaluator.of(new Ruleset("production", 1, List.of(), List.of(FlagRules.rollout(FLAG, 10))));
        RolloutWorkload.requireTenPercent("slipway", i -> evaluator.isEnabled(FLAG, context(i)));
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
        return evaluator.isEnabled(FLAG, contexts[next++ & (USERS - 1)]);
    }
}
