package io.slipway.store;

import io.slipway.flags.EventBatch;
import io.slipway.flags.FlagTraffic;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What SDKs report about flags, summed per 10 seconds of arrival: the input of guarded flags, experiment
 * reports and hybrid-mode metrics. Units (user ids) are kept once per flag and metric, so exposures and
 * conversions count people, not evaluations.
 */
public final class FlagEventRepository {
    /** The metric name exposures are stored under. */
    public static final String EXPOSURE = "exposure";
    /** Events are summed per bucket of this many seconds of arrival. */
    static final int BUCKET_SECONDS = 10;
    private final Store store;

    public FlagEventRepository(Store store) {
        this.store = store;
    }

    /** Adds one batch, all or nothing. */
    public void record(EventBatch batch) {
        // Seconds only: stored instants compare as text, and a fraction would sort "10:00:00.5Z" before "10:00:00Z".
        Instant now = store.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        String bucket = bucketOf(now);
        String env = batch.environment();
        store.write(c -> {
            for (EventBatch.Exposure e : batch.exposures()) {
                addMinute(c, e.flag(), env, e.variant(), e.enabled(), EXPOSURE, bucket, e.count(), e.count(), e.count());
                addUnits(c, e.flag(), env, EXPOSURE, e.units(), e.variant(), e.enabled(), now);
            }
            for (EventBatch.Metric m : batch.metrics()) {
                addMinute(c, m.flag(), env, m.variant(), m.enabled(), m.name(), bucket, m.count(), m.sum(), m.sumSquares());
                addUnits(c, m.flag(), env, m.name(), m.units(), m.variant(), m.enabled(), now);
            }
            for (EventBatch.ExperimentResult x : batch.experiments()) {
                addExperiment(c, x, env, bucket);
            }
            return null;
        });
    }

    /**
     * A flag's traffic since {@code since}, by side (true: contexts that got it on): requests are the
     * latency_ms observations, errors the sum of "error" (at most the requests).
     */
    public Map<Boolean, FlagTraffic> traffic(String flag, String environment, Instant since) {
        return store.read(c -> {
            Map<Boolean, double[]> sums = new HashMap<>(); // per side: requests, latency sum, squares, errors
            Sql.query(c, "SELECT enabled, name, SUM(count) n, SUM(sum) s, SUM(sum_squares) q FROM flag_metric_buckets"
                    + " WHERE flag = ? AND environment = ? AND bucket >= ? AND name IN ('latency_ms', 'error')"
                    + " GROUP BY enabled, name", rs -> {
                        double[] side = sums.computeIfAbsent(rs.getInt("enabled") == 1, k -> new double[4]);
                        if (rs.getString("name").equals("error")) {
                            side[3] += rs.getDouble("s");
                        } else {
                            side[0] += rs.getLong("n");
                            side[1] += rs.getDouble("s");
                            side[2] += rs.getDouble("q");
                        }
                        return null;
                    }, flag, environment, bucketOf(since));
            Map<Boolean, FlagTraffic> traffic = new HashMap<>();
            for (boolean on : new boolean[] {true, false}) {
                double[] s = sums.getOrDefault(on, new double[4]);
                long requests = (long) s[0];
                traffic.put(on, new FlagTraffic(requests, Math.min(requests, Math.round(s[3])), s[1], s[2]));
            }
            return traffic;
        });
    }

    /**
     * Per variant of a flag since {@code since} (or, with {@code bySide}, per side: "on" and "off", for
     * flags without variants): exposed units, units that reported {@code conversion} (counted for the
     * variant they were first exposed to), and the moments of every metric.
     */
    public List<VariantTotals> variants(String flag, String environment, String conversion, Instant since,
                                        boolean bySide) {
        String arm = bySide ? "CASE enabled WHEN 1 THEN 'on' ELSE 'off' END" : "variant";
        String exposedArm = bySide ? "CASE e.enabled WHEN 1 THEN 'on' ELSE 'off' END" : "e.variant";
        String from = bucketOf(since);
        return store.read(c -> {
            Map<String, VariantTotals> byArm = new java.util.TreeMap<>();
            Sql.query(c, "SELECT " + arm + " arm, name, SUM(count) n, SUM(sum) s, SUM(sum_squares) q FROM flag_metric_buckets"
                    + " WHERE flag = ? AND environment = ? AND bucket >= ? GROUP BY arm, name", rs ->
                    byArm.computeIfAbsent(rs.getString("arm"), VariantTotals::new).metrics.put(rs.getString("name"),
                            new EventBatch.Moments(rs.getLong("n"), rs.getDouble("s"), rs.getDouble("q"))),
                    flag, environment, from);
            Sql.query(c, "SELECT " + arm + " arm, COUNT(*) n FROM flag_units WHERE flag = ? AND environment = ?"
                    + " AND name = ? AND first_at >= ? GROUP BY arm", rs -> byArm.computeIfAbsent(rs.getString("arm"),
                    VariantTotals::new).exposedUnits = rs.getLong("n"), flag, environment, EXPOSURE, seconds(since));
            Sql.query(c, "SELECT " + exposedArm + " arm, COUNT(*) n FROM flag_units x JOIN flag_units e"
                    + " ON e.flag = x.flag AND e.environment = x.environment AND e.unit = x.unit AND e.name = ?"
                    + " WHERE x.flag = ? AND x.environment = ? AND x.name = ? AND e.first_at >= ? GROUP BY arm",
                    rs -> byArm.computeIfAbsent(rs.getString("arm"), VariantTotals::new).convertedUnits = rs.getLong("n"),
                    EXPOSURE, flag, environment, conversion, seconds(since));
            return List.copyOf(byArm.values());
        });
    }

    /** Hybrid-mode experiments since {@code since}, summed per experiment and environment. */
    public List<ExperimentTotals> experiments(Instant since) {
        return store.read(c -> Sql.query(c, "SELECT name, environment, MAX(flag) flag, SUM(runs) runs,"
                + " SUM(mismatches) mismatches, SUM(control_errors) ce, SUM(candidate_errors) xe,"
                + " SUM(candidate_used) used, SUM(control_count) cn, SUM(control_sum) cs, SUM(control_squares) cq,"
                + " SUM(candidate_count) xn, SUM(candidate_sum) xs, SUM(candidate_squares) xq FROM experiment_buckets"
                + " WHERE bucket >= ? GROUP BY name, environment ORDER BY name, environment", rs -> new ExperimentTotals(
                rs.getString("environment"), new EventBatch.ExperimentResult(rs.getString("name"), rs.getString("flag"),
                rs.getLong("runs"), rs.getLong("mismatches"), rs.getLong("ce"), rs.getLong("xe"), rs.getLong("used"),
                new EventBatch.Moments(rs.getLong("cn"), rs.getDouble("cs"), rs.getDouble("cq")),
                new EventBatch.Moments(rs.getLong("xn"), rs.getDouble("xs"), rs.getDouble("xq")))), bucketOf(since)));
    }

    /** Deletes buckets and units older than {@code before}; returns the rows removed. */
    public int prune(Instant before) {
        String bucket = bucketOf(before);
        return store.write(c -> Sql.update(c, "DELETE FROM flag_metric_buckets WHERE bucket < ?", bucket)
                + Sql.update(c, "DELETE FROM experiment_buckets WHERE bucket < ?", bucket)
                + Sql.update(c, "DELETE FROM flag_units WHERE first_at < ?", seconds(before)));
    }

    /** One variant's totals; {@code metrics} by name, exposures under {@link #EXPOSURE}. */
    public static final class VariantTotals {
        public final String variant;
        public final Map<String, EventBatch.Moments> metrics = new HashMap<>();
        public long exposedUnits;
        public long convertedUnits;

        VariantTotals(String variant) {
            this.variant = variant;
        }

        public EventBatch.Moments metric(String name) {
            return metrics.getOrDefault(name, EventBatch.Moments.NONE);
        }
    }

    /**
     * One experiment's totals in one environment.
     *
     * @param environment where it ran
     * @param result      its summed counts and latencies
     */
    public record ExperimentTotals(String environment, EventBatch.ExperimentResult result) {
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The start of the 10-second bucket holding {@code t}, as stored. */
    private static String bucketOf(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), BUCKET_SECONDS) * BUCKET_SECONDS).toString();
    }

    private static void addMinute(Connection c, String flag, String env, String variant, boolean enabled, String name,
                                  String bucket, long count, double sum, double squares) throws SQLException {
        Sql.update(c, "INSERT INTO flag_metric_buckets AS b (flag, environment, variant, enabled, name, bucket, count, sum,"
                + " sum_squares) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (flag, environment, variant, enabled, name, bucket)"
                + " DO UPDATE SET count = b.count + excluded.count, sum = b.sum + excluded.sum,"
                + " sum_squares = b.sum_squares + excluded.sum_squares",
                flag, env, variant, enabled ? 1 : 0, name, bucket, count, sum, squares);
    }

    private static void addUnits(Connection c, String flag, String env, String name, List<String> units, String variant,
                                 boolean enabled, Instant now) throws SQLException {
        for (String unit : units) {
            Sql.update(c, "INSERT INTO flag_units (flag, environment, name, unit, variant, enabled, first_at)"
                    + " VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", flag, env, name, unit, variant, enabled ? 1 : 0, now);
        }
    }

    private static void addExperiment(Connection c, EventBatch.ExperimentResult x, String env, String bucket)
            throws SQLException {
        Sql.update(c, "INSERT INTO experiment_buckets AS b (name, environment, bucket, flag, runs, mismatches, control_errors,"
                + " candidate_errors, candidate_used, control_count, control_sum, control_squares, candidate_count,"
                + " candidate_sum, candidate_squares) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (name, environment, bucket) DO UPDATE SET flag = excluded.flag, runs = b.runs + excluded.runs,"
                + " mismatches = b.mismatches + excluded.mismatches, control_errors = b.control_errors + excluded.control_errors,"
                + " candidate_errors = b.candidate_errors + excluded.candidate_errors,"
                + " candidate_used = b.candidate_used + excluded.candidate_used,"
                + " control_count = b.control_count + excluded.control_count, control_sum = b.control_sum + excluded.control_sum,"
                + " control_squares = b.control_squares + excluded.control_squares,"
                + " candidate_count = b.candidate_count + excluded.candidate_count,"
                + " candidate_sum = b.candidate_sum + excluded.candidate_sum,"
                + " candidate_squares = b.candidate_squares + excluded.candidate_squares",
                x.name(), env, bucket, x.flag(), x.runs(), x.mismatches(), x.controlErrors(), x.candidateErrors(),
                x.candidateUsed(), x.controlMs().count(), x.controlMs().sum(), x.controlMs().sumSquares(),
                x.candidateMs().count(), x.candidateMs().sum(), x.candidateMs().sumSquares());
    }
}
