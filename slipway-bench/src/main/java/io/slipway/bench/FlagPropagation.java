package io.slipway.bench;

import io.slipway.sdk.SlipwayFlags;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Flag change propagation, run by bench/flag-propagation against a real server: connects {@code --clients}
 * SDK clients (each its own {@link SlipwayFlags}, HTTP client and event stream), then makes {@code --changes}
 * rollout changes one at a time through the admin API and times, per client, from just before the change
 * is sent to the moment that client's change listener gets the new ruleset. Every client lives in this
 * JVM, so one {@link System#nanoTime()} clock times them all.
 *
 * <p>The next change is sent once every client has seen the last one (or the timeout passed, which counts
 * the stragglers as missed), so each sample is one change reaching one client with nothing else queued.
 * Warm-up changes first ({@code --warmup}, default 20) are not counted: they time the JIT compiling the
 * server's and the clients' paths.
 *
 * <p>Prints {@code clients=}, {@code changes=}, {@code warmup_changes=}, {@code propagation_p50_ms=},
 * {@code propagation_p99_ms=}, {@code propagation_max_ms=} (over all change × client samples) and
 * {@code missed=}; exits 1 when a client missed a change, 2 on bad arguments, 3 when the run failed.
 */
public final class FlagPropagation {
    /** Kept strongly: java.util.logging holds its loggers weakly, and a collected one forgets its level. */
    private static final Logger SDK_LOG = Logger.getLogger("io.slipway.sdk");

    private final Options options;
    private final FlagAdmin admin;
    private final AtomicReference<PropagationRound> round = new AtomicReference<>();
    private final List<SlipwayFlags> clients = new ArrayList<>();

    private FlagPropagation(Options options) {
        this.options = options;
        this.admin = new FlagAdmin(options.server(), options.environment());
    }

    /** The benchmark's settings; see {@link #usage()}. */
    record Options(URI server, String environment, String flag, int clients, int changes, int warmup,
                   Duration timeout, Path cacheDir) {
    }

    /** Runs the benchmark; see the class comment for the arguments and the output. */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }
        // A hundred clients each say "flags loaded" and "stream connected" at INFO; warnings still show.
        SDK_LOG.setLevel(Level.WARNING);
        try {
            int missed = new FlagPropagation(options).run();
            System.exit(missed == 0 ? 0 : 1);
        } catch (Exception e) {
            // Not a measurement: the server refused a change, a client never connected, or another writer.
            System.err.println("flag propagation benchmark failed: " + e);
            System.exit(3);
        }
    }

    private int run() throws Exception {
        admin.create(options.flag(), 10);
        try {
            long version = admin.rulesetVersion();
            connect(version);
            for (int i = 0; i < options.warmup(); i++) {
                version = change(i, version, null);
            }
            long[] samples = new long[options.changes() * options.clients()];
            Arrays.fill(samples, -1);
            for (int i = 0; i < options.changes(); i++) {
                version = change(options.warmup() + i, version, new Samples(samples, i * options.clients()));
            }
            return report(samples);
        } finally {
            clients.parallelStream().forEach(SlipwayFlags::close);
        }
    }

    /** Starts the clients and waits until each evaluates {@code version} from the server. */
    private void connect(long version) {
        for (int i = 0; i < options.clients(); i++) {
            int client = i;
            SlipwayFlags flags = SlipwayFlags.builder().server(options.server()).environment(options.environment())
                    .appName("bench-" + i).instance("bench-" + i).cacheDir(options.cacheDir().resolve("client-" + i))
                    .build();
            flags.onChange(ruleset -> seen(client, ruleset.version()));
            clients.add(flags);
        }
        for (int i = 0; i < clients.size(); i++) {
            SlipwayFlags flags = clients.get(i);
            if (!flags.awaitReady(options.timeout()) || flags.version() < version) {
                throw new IllegalStateException("client " + i + " not ready within " + options.timeout().toMillis()
                        + " ms: version " + flags.version() + ", source " + flags.source() + ", expected version "
                        + version);
            }
        }
    }

    private void seen(int client, long version) {
        long now = System.nanoTime();
        PropagationRound current = round.get();
        if (current != null) {
            current.seen(client, version, now);
        }
    }

    /** Where one change's latencies go, {@code clients} of them from {@code offset}; null for a warm-up. */
    private record Samples(long[] all, int offset) {
    }

    /**
     * Makes change number {@code n} and waits for every client to see it.
     *
     * @param before the version every client holds now
     * @return the change's version
     */
    private long change(int n, long before, Samples samples) throws Exception {
        PropagationRound current = new PropagationRound(before, options.clients(), System.nanoTime());
        round.set(current);
        long version = admin.rollout(options.flag(), n % 2 == 0 ? 20 : 10);
        boolean all = current.await(options.timeout().toNanos());
        for (int c = 0; c < options.clients(); c++) {
            long latency = current.latencyNanos(c);
            long seen = current.versionSeen(c); // 0 for a straggler still recording its arrival
            if (latency >= 0 && seen != 0 && seen < version) {
                throw new IllegalStateException("client " + c + " saw version " + seen
                        + " before change " + version + ": is something else changing flags on this server?");
            }
            if (samples != null) {
                samples.all()[samples.offset() + c] = latency;
            }
        }
        if (!all) {
            System.err.println("change " + n + " (version " + version + "): not every client saw it within "
                    + options.timeout().toMillis() + " ms");
        }
        return version;
    }

    /** Prints the figures; returns how many change × client samples were missed. */
    private int report(long[] samples) {
        long[] seen = Arrays.stream(samples).filter(s -> s >= 0).sorted().toArray();
        int missed = samples.length - seen.length;
        System.out.println("clients=" + options.clients());
        System.out.println("changes=" + options.changes());
        System.out.println("warmup_changes=" + options.warmup());
        System.out.println("propagation_p50_ms=" + millis(percentile(seen, 50)));
        System.out.println("propagation_p99_ms=" + millis(percentile(seen, 99)));
        System.out.println("propagation_max_ms=" + millis(seen.length == 0 ? -1 : seen[seen.length - 1]));
        System.out.println("missed=" + missed);
        return missed;
    }

    /** Nearest-rank percentile of sorted values; -1 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "NaN" : String.format("%.1f", nanos / 1e6);
    }

    static Options parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            given.put(args[i].substring(2), args[i + 1]);
        }
        Options options = new Options(URI.create(required(given, "server")),
                given.getOrDefault("environment", "production"), given.getOrDefault("flag", "bench.propagation"),
                number(given, "clients", 100), number(given, "changes", 50), number(given, "warmup", 20),
                Duration.ofMillis(number(given, "timeout-ms", 10_000)), Path.of(required(given, "cache-dir")));
        given.keySet().removeAll(List.of("server", "environment", "flag", "clients", "changes", "warmup",
                "timeout-ms", "cache-dir"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + given.keySet());
        }
        return options;
    }

    private static String required(Map<String, String> given, String name) {
        String value = given.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + ": missing");
        }
        return value;
    }

    private static int number(Map<String, String> given, String name, int fallback) {
        String value = given.getOrDefault(name, String.valueOf(fallback));
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || (n == 0 && !name.equals("warmup"))) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": \"" + value + "\" is not a positive whole number");
        }
    }

    private static String usage() {
        return "usage: FlagPropagation --server http://127.0.0.1:PORT --cache-dir DIR [--clients 100] [--changes 50]"
                + " [--warmup 20] [--timeout-ms 10000] [--environment production] [--flag bench.propagation]";
    }
}
