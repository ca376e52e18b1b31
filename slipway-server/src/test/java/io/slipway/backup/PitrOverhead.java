package io.slipway.backup;

import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark driver, run by {@code bench/pitr-overhead}, never by the build: the cost of point-in-time
 * capture on an application's write throughput, and the recovery point it achieves.
 *
 * <p>One writer inserts single-row transactions (200-byte random payload) as fast as it can for
 * {@code seconds} into a fresh WAL database, alternately without and with a {@link WalReplica}
 * (200 ms polls) on the same 2 cores, for {@code rounds} rounds per {@code synchronous} setting;
 * prints medians. The recovery point is measured in the last run with capture: each row's commit
 * time against the capture time of the first segment holding it (found by restoring to each
 * segment's capture time).
 *
 * <p>Then the same writer paced at 1000 inserts/s (a timer, as an application under steady load
 * would write) reports the rate reached and the commit latency percentiles, with and without capture.
 *
 * <p>Usage: {@code PitrOverhead [seconds=4] [rounds=3] [synchronous=NORMAL,FULL]}
 */
public final class PitrOverhead {
    private static final int PACED_RATE = 1000;

    private PitrOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] modes = (args.length > 2 ? args[2] : "NORMAL,FULL").split(",");
        Path work = Files.createTempDirectory("pitr-overhead");
        try {
            for (String mode : modes) {
                measure(work.resolve(mode), mode, seconds, rounds);
                for (int r = 0; r < rounds; r++) {
                    paced(work.resolve(mode + "-paced-" + r), mode, seconds, false);
                    paced(work.resolve(mode + "-paced-capture-" + r), mode, seconds, true);
                }
            }
        } finally {
            // Gigabytes of databases left behind slowed later runs on the same disk by half.
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The application's view at a steady {@value #PACED_RATE} inserts/s: the rate it reached and
     * how long each commit took, with and without capture.
     */
    private static void paced(Path dir, String synchronous, int seconds, boolean capture) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("app.db");
        Histogram latency = new Histogram(3);
        try (AppDatabase app = AppDatabase.create(db)) {
            app.execute("PRAGMA synchronous=" + synchronous);
            WalReplica replica = capture ? WalReplica.start(db, dir.resolve("replica")) : null;
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            timer.scheduleAtFixedRate(() -> insertTimed(app, latency), 0, 1_000_000_000L / PACED_RATE, TimeUnit.NANOSECONDS);
            timer.awaitTermination(seconds, TimeUnit.SECONDS);
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            double rate = latency.getTotalCount() * 1e9 / (System.nanoTime() - start);
            if (replica != null) {
                replica.close();
            }
            System.out.printf("pitr_paced synchronous=%s capture=%s inserts_per_s=%.0f commit_us_p50=%d p99=%d p999=%d max=%d%n",
                    synchronous, capture, rate, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                    latency.getValueAtPercentile(99.9), latency.getMaxValue());
        }
    }

    private static void insertTimed(AppDatabase app, Histogram latency) {
        long t0 = System.nanoTime();
        try {
            app.insert(System.currentTimeMillis());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("insert failed", e);
        }
        latency.recordValue((System.nanoTime() - t0) / 1000);
    }

    private static void measure(Path work, String synchronous, int seconds, int rounds) throws Exception {
        double[] without = new double[rounds];
        double[] with = new double[rounds];
        Run last = null;
        for (int r = 0; r < rounds; r++) {
            without[r] = run(work.resolve("without-" + r), synchronous, seconds, false).insertsPerSecond();
            last = run(work.resolve("with-" + r), synchronous, seconds, true);
            with[r] = last.insertsPerSecond();
        }
        double a = median(without);
        double b = median(with);
        System.out.printf("pitr_inserts_per_s_without_capture synchronous=%s median=%.0f runs=%s%n", synchronous, a, runs(without));
        System.out.printf("pitr_inserts_per_s_with_capture synchronous=%s median=%.0f runs=%s%n", synchronous, b, runs(with));
        System.out.printf("pitr_capture_overhead_pct synchronous=%s %.1f%n", synchronous, (a - b) * 100 / a);
        recoveryPoint(last, synchronous);
    }

    /** The rows of one run: ids in commit order with the wall-clock time each commit returned. */
    private record Run(Path dir, long[] committedAt, double insertsPerSecond) {
    }

    private static Run run(Path dir, String synchronous, int seconds, boolean capture) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("app.db");
        try (AppDatabase app = AppDatabase.create(db)) {
            app.execute("PRAGMA synchronous=" + synchronous);
            WalReplica replica = capture ? WalReplica.start(db, dir.resolve("replica")) : null;
            long[] committedAt = new long[4_000_000];
            int n = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                app.insert(System.currentTimeMillis());
                committedAt[n++] = System.currentTimeMillis();
            }
            double rate = n * 1e9 / (System.nanoTime() - start);
            if (replica != null) {
                replica.close();
            }
            return new Run(dir, Arrays.copyOf(committedAt, n), rate);
        }
    }

    /** For each row: capture time of the first segment that holds it, minus its commit time. */
    private static void recoveryPoint(Run run, String synchronous) throws Exception {
        Path replica = run.dir().resolve("replica");
        Map<Long, Long> rowsBySegmentTime = new TreeMap<>();
        int i = 0;
        for (ReplicaName segment : Generation.all(replica).get(0).segments().values()) {
            Path restored = run.dir().resolve("restore-" + i++ + ".db");
            PointInTimeRestore.restore(replica, segment.capturedAt(), restored);
            rowsBySegmentTime.put(segment.capturedAtMillis(), (long) AppDatabase.ids(restored).size());
        }
        List<Long> lags = new ArrayList<>();
        long row = 0;
        for (Map.Entry<Long, Long> e : rowsBySegmentTime.entrySet()) {
            for (; row < e.getValue(); row++) {
                lags.add(e.getKey() - run.committedAt()[(int) row]);
            }
        }
        lags.sort(null);
        System.out.printf("pitr_recovery_point_ms synchronous=%s rows=%d segments=%d p50=%d p99=%d max=%d%n",
                synchronous, lags.size(), rowsBySegmentTime.size(), pct(lags, 50), pct(lags, 99), lags.get(lags.size() - 1));
        System.out.printf("pitr_replica_bytes synchronous=%s %d (database %d)%n", synchronous,
                size(replica), Files.size(run.dir().resolve("restore-" + (i - 1) + ".db")));
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static long size(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String runs(double[] values) {
        return Arrays.toString(Arrays.stream(values).mapToLong(Math::round).toArray()).replace(" ", "");
    }
}
