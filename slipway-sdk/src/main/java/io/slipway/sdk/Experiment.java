package io.slipway.sdk;

import io.slipway.flags.FlagContext;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Hybrid mode: runs a control (the current implementation, e.g. the cache) and a candidate (the new one,
 * e.g. the database) for each call, compares their results and times both, and returns the control's
 * result unless the experiment's flag is on for the context, then the candidate's. Counts, mismatches and
 * latencies go to Slipway with the next events batch, where they become analysis metrics.
 *
 * <p>Both run inline on the caller's thread, control first. An executor would hide the candidate's cost
 * from the caller, but it would also put queueing into the candidate's latency, lose the caller's
 * thread-bound state (transactions, security context) and still have to be waited for whenever the flag
 * is on; inline keeps the two measurements comparable and the behaviour obvious. The price is that the
 * call takes as long as both.
 *
 * <p>Failures: a candidate exception never reaches the caller; it is counted, and when the flag is on the
 * control's result is returned instead. A control exception is counted and rethrown unless the flag is on
 * and the candidate succeeded. Only {@link RuntimeException}s are caught; errors propagate. A
 * comparison that throws counts as a mismatch.
 *
 * @param <T> the result type
 */
public final class Experiment<T> {
    private static final System.Logger LOG = System.getLogger("io.slipway.sdk");

    private final ExperimentStats stats;
    private final Predicate<FlagContext> flagOn;
    private final Supplier<T> control;
    private final Supplier<? extends T> candidate;
    private final BiPredicate<? super T, ? super T> equivalent;
    private final LongSupplier nanoTime;

    private Experiment(Arms<T> arms) {
        this.stats = arms.start.stats.get();
        this.flagOn = arms.start.flagOn;
        this.control = arms.control;
        this.candidate = arms.candidate;
        this.equivalent = arms.equivalent;
        this.nanoTime = arms.start.nanoTime;
    }

    /**
     * Runs both sides for {@code context} and returns the result the flag chooses.
     *
     * @throws RuntimeException the control's exception, when its result was the one to return
     */
    public T run(FlagContext context) {
        boolean on = flagOn.test(context == null ? FlagContext.EMPTY : context);
        Outcome<T> c = time(control);
        Outcome<T> d = time(candidate);
        boolean candidateUsed = on && d.failure() == null;
        stats.record(new ExperimentStats.Run(c.failure() != null, d.failure() != null, mismatch(c, d), candidateUsed,
                c.nanos(), d.nanos()));
        if (candidateUsed) {
            return d.value();
        }
        if (c.failure() != null) {
            throw c.failure();
        }
        return c.value();
    }

    /** Counts and latencies since start, for tests and logs. */
    public Snapshot snapshot() {
        return stats.snapshot();
    }

    private record Outcome<V>(V value, RuntimeException failure, long nanos) {
    }

    private <V> Outcome<V> time(Supplier<? extends V> side) {
        long start = nanoTime.getAsLong();
        try {
            V value = side.get();
            return new Outcome<>(value, null, nanoTime.getAsLong() - start);
        } catch (RuntimeException e) {
            return new Outcome<>(null, e, nanoTime.getAsLong() - start);
        }
    }

    private boolean mismatch(Outcome<T> c, Outcome<T> d) {
        if (c.failure() != null || d.failure() != null) {
            return false;
        }
        try {
            return !equivalent.test(c.value(), d.value());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "experiment comparison failed, counted as a mismatch: experiment="
                    + stats.name() + " error=" + e);
            return true;
        }
    }

    /**
     * An experiment's statistics since start.
     *
     * @param runs            calls of {@link #run}
     * @param mismatches      runs whose two results did not compare equal (both having succeeded)
     * @param controlErrors   runs whose control threw
     * @param candidateErrors runs whose candidate threw
     * @param candidateUsed   runs that returned the candidate's result
     * @param mismatchRate    mismatches / runs, 0 before any run
     * @param controlMeanMs   mean control latency
     * @param controlP99Ms    99th percentile of the last 1024 control latencies
     * @param candidateMeanMs mean candidate latency
     * @param candidateP99Ms  99th percentile of the last 1024 candidate latencies
     */
    public record Snapshot(String name, String flag, long runs, long mismatches, long controlErrors,
                           long candidateErrors, long candidateUsed, double mismatchRate, double controlMeanMs,
                           double controlP99Ms, double candidateMeanMs, double candidateP99Ms) {
    }

    /** Starts an experiment's definition: name, flag, then {@link #control}. */
    public static final class Builder {
        private final String name;
        private final Supplier<ExperimentStats> stats;
        private final Predicate<FlagContext> flagOn;
        private final LongSupplier nanoTime;

        Builder(String name, Supplier<ExperimentStats> stats, Predicate<FlagContext> flagOn, LongSupplier nanoTime) {
            this.name = name;
            this.stats = stats;
            this.flagOn = flagOn;
            this.nanoTime = nanoTime;
        }

        /** The current implementation, whose result is returned while the flag is off. */
        public <T> Arms<T> control(Supplier<T> control) {
            return new Arms<>(this, Objects.requireNonNull(control, "control"));
        }
    }

    /**
     * The experiment's two arms and how their results compare ({@link Objects#equals} unless set).
     *
     * @param <T> the result type
     */
    public static final class Arms<T> {
        private final Builder start;
        private final Supplier<T> control;
        private Supplier<? extends T> candidate;
        private BiPredicate<? super T, ? super T> equivalent = Objects::equals;

        private Arms(Builder start, Supplier<T> control) {
            this.start = start;
            this.control = control;
        }

        /** The new implementation, whose result is returned while the flag is on. */
        public Arms<T> candidate(Supplier<? extends T> candidate) {
            this.candidate = Objects.requireNonNull(candidate, "candidate");
            return this;
        }

        /** When two results count as the same. */
        public Arms<T> compare(BiPredicate<? super T, ? super T> equivalent) {
            this.equivalent = Objects.requireNonNull(equivalent, "compare");
            return this;
        }

        /**
         * @throws IllegalStateException when no candidate was given
         * @throws IllegalArgumentException when the experiment's name is already used with another flag
         */
        public Experiment<T> build() {
            if (candidate == null) {
                throw new IllegalStateException("experiment " + start.name + ": candidate missing; call candidate(...) before build()");
            }
            return new Experiment<>(this);
        }
    }
}
