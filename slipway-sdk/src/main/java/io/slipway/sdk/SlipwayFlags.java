package io.slipway.sdk;

import io.slipway.flags.Evaluation;
import io.slipway.flags.FlagContext;
import io.slipway.flags.Ruleset;
import io.slipway.flags.Variant;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Slipway's feature-flag client: evaluates flags locally from rules it keeps in sync with the server, and
 * reports what it saw. Build one per application and share it; it is thread-safe.
 *
 * <pre>{@code
 * SlipwayFlags flags = SlipwayFlags.builder().server(URI.create("http://slipway:8080"))
 *         .environment("production").appName("shop").cacheDir(Path.of("/var/cache/shop")).build();
 * if (flags.isEnabled("new-checkout", FlagContext.ofUser(userId))) { ... }
 * }</pre>
 *
 * <p><b>Never down because the server is.</b> {@link Builder#build()} loads the on-disk cache of the last
 * rules received (or else the bootstrap file) before any network call and returns at once; the server is
 * reached in the background over its event stream, with polling while the stream is unavailable, and
 * every ruleset received is written back to the cache.
 *
 * <p><b>Exposures are recorded on request, not on the hot path.</b> {@link #isEnabled} only evaluates: it
 * allocates nothing and records nothing, so it can sit in the tightest loop. {@link #expose},
 * {@link #variant} and {@link #evaluate} also record an exposure (flag, variant, on/off, and the user or
 * session id) for the A/B report; call one of them where the user actually meets the flag. Counting every
 * {@code isEnabled} call instead would have cost the hot path a second map lookup and a counter, and still
 * could not have said which users were exposed.
 *
 * <p>Threads: one daemon thread syncs the rules, one posts events, and the HTTP client has its own
 * daemon pool; {@link #close()} stops them all and posts the last events.
 */
public final class SlipwayFlags implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.slipway.sdk");

    private final Settings settings;
    private final Rules rules;
    private final Events events = new Events();
    private final FlagApi api;
    private final Sync sync;
    private final Reporter reporter;
    private final Thread syncThread;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SlipwayFlags(Settings s) {
        this.settings = s;
        this.rules = Rules.load(s.environment(), s.clock(), s.cacheDir() == null ? null : RulesetFile.cache(s.cacheDir(), s.environment()),
                s.bootstrap() == null ? null : new RulesetFile(s.bootstrap()));
        this.api = new FlagApi(s.server(), s.environment(), s.connectTimeout(), s.requestTimeout());
        this.sync = new Sync(api, rules, new Backoff(s.minBackoff(), s.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble()),
                s.pollInterval(), s.connectTimeout().plus(s.requestTimeout()), s.streamIdleTimeout());
        this.reporter = new Reporter(events, api, s.clock(), s.appName(), s.environment(), s.instance(), s.maxPendingBatches());
        this.syncThread = new Thread(sync, "slipway-sdk-sync");
        this.syncThread.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(FlagApi.daemonThreads("slipway-sdk-timer-"));
    }

    private SlipwayFlags start() {
        Rules.Current now = rules.current();
        LOG.log(Level.INFO, "flags loaded: environment=" + settings.environment() + " source=" + now.source()
                + " version=" + now.version() + " server=" + settings.server());
        syncThread.start();
        long events = settings.eventsInterval().toNanos();
        timer.scheduleWithFixedDelay(guarded("events flush", () -> reporter.flush(settings.requestTimeout())),
                events, events, TimeUnit.NANOSECONDS);
        long idleCheck = settings.streamIdleTimeout().toNanos() / 2;
        timer.scheduleWithFixedDelay(guarded("stream idle check", sync::dropIfIdle), idleCheck, idleCheck, TimeUnit.NANOSECONDS);
        return this;
    }

    /** A new builder; server, environment and appName are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the flag is on for the context (false for an unknown flag). Allocates and records nothing. */
    public boolean isEnabled(String key, FlagContext context) {
        return rules.current().evaluator().isEnabled(key, context == null ? FlagContext.EMPTY : context);
    }

    /** Whether the flag is on, or {@code fallback} when the rules have no such flag. Allocates and records nothing. */
    public boolean isEnabled(String key, FlagContext context, boolean fallback) {
        return rules.current().evaluator().isEnabled(key, context == null ? FlagContext.EMPTY : context, fallback);
    }

    /** Whether the flag is on for the context, recording an exposure. */
    public boolean expose(String key, FlagContext context) {
        return evaluate(key, context).enabled();
    }

    /** The flag's variant for the context ({@link Variant#DISABLED} when off), recording an exposure. */
    public Variant variant(String key, FlagContext context) {
        return evaluate(key, context).variant();
    }

    /** The full answer with its reason, recording an exposure. */
    public Evaluation evaluate(String key, FlagContext context) {
        FlagContext ctx = context == null ? FlagContext.EMPTY : context;
        Evaluation evaluation = rules.current().evaluator().evaluate(key, ctx);
        events.expose(key, evaluation.variant().name(), evaluation.enabled(), ctx);
        return evaluation;
    }

    /**
     * Records a value of a metric against the variant and on/off state the context gets for the flag,
     * e.g. {@code track("checkout", ctx, "conversion", 1)} or an order's amount.
     *
     * @throws IllegalArgumentException when the metric name is blank
     */
    public void track(String key, FlagContext context, String metric, double value) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric name: missing (e.g. conversion, latency_ms)");
        }
        FlagContext ctx = context == null ? FlagContext.EMPTY : context;
        Evaluation evaluation = rules.current().evaluator().evaluate(key, ctx);
        events.metric(key, evaluation.variant().name(), evaluation.enabled(), metric, value, ctx);
    }

    /** Records a request's latency (metric {@code latency_ms}) against the flag's state for the context. */
    public void recordLatency(String key, FlagContext context, double millis) {
        track(key, context, "latency_ms", millis);
    }

    /** Records one failed request (metric {@code error}, value 1) against the flag's state for the context. */
    public void recordError(String key, FlagContext context) {
        track(key, context, "error", 1);
    }

    /**
     * Starts a hybrid-mode experiment on {@code flag}:
     * {@code flags.experiment("price-lookup", "hybrid.price-db").control(...).candidate(...).build()}.
     * Experiments built with the same name share their statistics.
     */
    public Experiment.Builder experiment(String name, String flag) {
        if (name == null || name.isBlank() || flag == null || flag.isBlank()) {
            throw new IllegalArgumentException("experiment: name \"" + name + "\" and flag \"" + flag + "\" are both required");
        }
        return new Experiment.Builder(name, () -> events.experiment(name, flag), ctx -> isEnabled(flag, ctx),
                settings.nanoTime());
    }

    /** Whether rules have come from the server since start (cached or bootstrap rules do not count). */
    public boolean ready() {
        return rules.synced();
    }

    /** Waits until {@link #ready()} or the timeout; never throws for an unreachable server. */
    public boolean awaitReady(Duration timeout) {
        try {
            return rules.awaitSynced(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ready();
        }
    }

    /** The version of the rules evaluated now (0 with none). */
    public long version() {
        return rules.current().version();
    }

    /** Where the rules evaluated now came from. */
    public Source source() {
        return rules.current().source();
    }

    /**
     * Calls {@code listener} on the sync thread with every ruleset taken from the server from now on, as soon
     * as it is the one evaluated (before it is written to the cache).
     */
    public void onChange(Consumer<Ruleset> listener) {
        rules.onChange(listener);
    }

    /** Stops syncing, posts the events gathered so far (waiting at most a second), stops every thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sync.close();
        timer.shutdownNow();
        try {
            syncThread.join(TimeUnit.SECONDS.toMillis(2));
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reporter.flush(Duration.ofSeconds(1));
        api.close();
    }

    Reporter reporter() {
        return reporter;
    }

    Events events() {
        return events;
    }

    private static Runnable guarded(String task, Runnable runnable) {
        return () -> {
            try {
                runnable.run();
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again; log and keep the schedule alive.
                LOG.log(Level.ERROR, "flags " + task + " failed", e);
            }
        };
    }

    /** Configures a {@link SlipwayFlags}; every setting but server, environment and appName has a default. */
    public static final class Builder {
        private URI server;
        private String environment;
        private String appName;
        private String instance;
        private Path cacheDir;
        private Path bootstrap;
        private Duration pollInterval = Duration.ofSeconds(15);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration eventsInterval = Duration.ofSeconds(10);
        private Duration streamIdleTimeout = Duration.ofSeconds(45);
        private Duration minBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private int maxPendingBatches = 100;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        /** The Slipway server, e.g. {@code http://slipway:8080}. */
        public Builder server(URI server) {
            this.server = server;
            return this;
        }

        /** The environment whose rules to evaluate, e.g. "production". */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** The application's name, reported with its events. */
        public Builder appName(String appName) {
            this.appName = appName;
            return this;
        }

        /** This process among the app's instances; default host name and process id. */
        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        /** Where to keep the last rules received ({@code <environment>.ruleset.json}); default none. */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** A ruleset file (the server's JSON format) to start from when there is no cache; default none. */
        public Builder bootstrap(Path bootstrap) {
            this.bootstrap = bootstrap;
            return this;
        }

        /** How often to poll the ruleset while the event stream is down; default 15 s. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** How long to wait for a TCP connection to the server; default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How long to wait for a response once connected; default 10 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** How often to post exposures, metrics and experiment results; default 10 s. */
        public Builder eventsInterval(Duration eventsInterval) {
            this.eventsInterval = eventsInterval;
            return this;
        }

        /** The clock for date constraints and event timestamps; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        Builder streamIdleTimeout(Duration streamIdleTimeout) {
            this.streamIdleTimeout = streamIdleTimeout;
            return this;
        }

        Builder backoff(Duration min, Duration max) {
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        Builder maxPendingBatches(int maxPendingBatches) {
            this.maxPendingBatches = maxPendingBatches;
            return this;
        }

        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        /**
         * Loads the cache or bootstrap rules and starts syncing in the background; returns at once and
         * never fails because the server is unreachable.
         *
         * @throws IllegalArgumentException naming the setting when one is missing or invalid
         */
        public SlipwayFlags build() {
            Settings settings = new Settings(server, environment, appName, instance == null ? defaultInstance() : instance,
                    cacheDir, bootstrap, pollInterval, connectTimeout, requestTimeout, eventsInterval, streamIdleTimeout,
                    minBackoff, maxBackoff, maxPendingBatches, clock, nanoTime);
            return new SlipwayFlags(settings).start();
        }

        private static String defaultInstance() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
            return host + "/" + ProcessHandle.current().pid();
        }
    }
}
