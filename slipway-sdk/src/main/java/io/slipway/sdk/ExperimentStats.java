package io.slipway.sdk;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an experiment's runs showed: counts and latency moments for the current events interval (drained
 * into each batch) and since start (for {@link Experiment#snapshot()}), plus the last
 * {@value #RECENT} latencies of each side for a p99 that costs one array write per run.
 */
final class ExperimentStats {
    static final int RECENT = 1024;

    /** The outcome of one run; latencies in nanoseconds. */
    record Run(boolean controlFailed, boolean candidateFailed, boolean mismatch, boolean candidateUsed,
               long controlNanos, long candidateNanos) {
    }

    private final String name;
    private final String flag;
    private Counts interval = new Counts();
    private final Counts total = new Counts();
    private final double[] recentControlMs = new double[RECENT];
    private final double[] recentCandidateMs = new double[RECENT];
    private long recorded;

    ExperimentStats(String name, String flag) {
        this.name = name;
        this.flag = flag;
    }

    String name() {
        return name;
    }

    String flag() {
        return flag;
    }

    synchronized void record(Run run) {
        interval.add(run);
        total.add(run);
        int slot = (int) (recorded++ % RECENT);
        recentControlMs[slot] = run.controlNanos() / 1e6;
        recentCandidateMs[slot] = run.candidateNanos() / 1e6;
    }

    /** The interval's results, or empty when nothing ran; starts a new interval. */
    synchronized Optional<EventBatch.ExperimentResult> drain() {
        Counts c = interval;
        interval = new Counts();
        return c.runs == 0 ? Optional.empty() : Optional.of(new EventBatch.ExperimentResult(name, flag, c.runs,
                c.mismatches, c.controlErrors, c.candidateErrors, c.candidateUsed, c.controlMs.moments(),
                c.candidateMs.moments()));
    }

    synchronized Experiment.Snapshot snapshot() {
        int n = (int) Math.min(recorded, RECENT);
        return new Experiment.Snapshot(name, flag, total.runs, total.mismatches, total.controlErrors,
                total.candidateErrors, total.candidateUsed, total.runs == 0 ? 0 : (double) total.mismatches / total.runs,
                total.controlMs.mean(), p99(recentControlMs, n), total.candidateMs.mean(), p99(recentCandidateMs, n));
    }

    private static double p99(double[] values, int n) {
        if (n == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * n) - 1];
    }

    /** Run counts; guarded by the enclosing stats' lock. */
    private static final class Counts {
        long runs;
        long mismatches;
        long controlErrors;
        long candidateErrors;
        long candidateUsed;
        final Series controlMs = new Series();
        final Series candidateMs = new Series();

        void add(Run run) {
            runs++;
            mismatches += run.mismatch() ? 1 : 0;
            controlErrors += run.controlFailed() ? 1 : 0;
            candidateErrors += run.candidateFailed() ? 1 : 0;
            candidateUsed += run.candidateUsed() ? 1 : 0;
            controlMs.add(run.controlNanos() / 1e6);
            candidateMs.add(run.candidateNanos() / 1e6);
        }
    }

    /** Count, sum and sum of squares of milliseconds. */
    private static final class Series {
        long count;
        double sum;
        double sumSquares;

        void add(double ms) {
            count++;
            sum += ms;
            sumSquares += ms * ms;
        }

        double mean() {
            return count == 0 ? 0 : sum / count;
        }

        EventBatch.Moments moments() {
            return new EventBatch.Moments(count, sum, sumSquares);
        }
    }
}
