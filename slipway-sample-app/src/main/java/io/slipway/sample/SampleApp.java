package io.slipway.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The app Slipway deploys in its demo and tests: a tiny HTTP service whose failures, latency,
 * slow start and crashes are set per version from the environment (see {@link Settings}).
 *
 * <pre>
 * GET /              200 {"app":"sample","version":"v1","instance":"…"} (or a simulated 500)
 * GET /data          200 the same JSON from every version, unless told to drift (shadow comparisons)
 * GET /visits        200 {"app":"sample","version":"v1","visits":N} after writing a row (database mode,
 *                    see {@link Visits}); 500 with the database's error
 * GET /health/live   200 while the process runs
 * GET /health/ready  200 once started, 503 before and while stopping
 * GET /metrics       Prometheus text: requests by status, latency histogram
 * </pre>
 */
public final class SampleApp {
    static final String USAGE = "usage: SampleApp [--port N] [--version V] [--error-rate 0..1] [--latency-ms MS]"
            + " [--start-delay-ms MS] [--never-ready] [--crash-after-s S] [--fail-after-s S]"
            + " [--data-drift 0..1] [--db FILE [--db-table T] [--db-columns A,B]]\n"
            + "each knob also as env var SAMPLE_ERROR_RATE, SAMPLE_LATENCY_MS, SAMPLE_START_DELAY_MS,"
            + " SAMPLE_NEVER_READY, SAMPLE_CRASH_AFTER_S, SAMPLE_FAIL_AFTER_S,"
            + " SAMPLE_DATA_DRIFT, SAMPLE_DB, SAMPLE_DB_TABLE, SAMPLE_DB_COLUMNS, or for one version only as e.g."
            + " SAMPLE_ERROR_RATE_V2";
    private static final String JSON = "application/json";
    private static final String DATA = "{\"items\":[{\"id\":1,\"name\":\"anchor\"},{\"id\":2,\"name\":\"rope\"}]}";
    private static final String STALE_DATA = "{\"items\":[{\"id\":1,\"name\":\"anchor\"}]}";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final int WORKERS = 8;
    private static final int QUEUE = 1024;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timers;
    /** One party for {@link #stop} plus one per request being answered, so stop can wait for them. */
    private final Phaser inFlight = new Phaser(1);
    private final RequestMetrics metrics;
    private final String okBody;
    private final String failureBody;
    private volatile boolean ready;
    private volatile boolean stopping;

    private final long failFromNanos;

    private SampleApp(Settings settings, HttpServer server) {
        this.settings = settings;
        this.failFromNanos = System.nanoTime() + (settings.failAfter() == null ? 0 : settings.failAfter().toNanos());
        this.server = server;
        this.metrics = new RequestMetrics(settings.version());
        String version = quoted(settings.version());
        this.okBody = "{\"app\":\"sample\",\"version\":" + version
                + ",\"instance\":" + quoted(ProcessHandle.current().pid() + ":" + port()) + "}";
        this.failureBody = "{\"error\":\"simulated failure\",\"version\":" + version + "}";
        // Full queue → the accepting thread answers itself: back-pressure instead of dropped requests.
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                daemon("sample-app-worker"), new ThreadPoolExecutor.CallerRunsPolicy());
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("sample-app-timer"));
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.getenv(), System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Starts the app as a process would; the HTTP server's thread keeps the JVM alive. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        Settings settings;
        try {
            settings = Settings.parse(args, env);
        } catch (Settings.InvalidSetting e) {
            err.println("sample-app: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (Duration.ZERO.equals(settings.crashAfter())) {
            crash(settings);
        }
        return serve(settings, out, err);
    }

    private static int serve(Settings settings, PrintStream out, PrintStream err) {
        SampleApp app;
        try {
            app = start(settings, () -> crash(settings));
        } catch (IOException e) {
            err.println("sample-app: cannot listen on port " + settings.port() + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            out.println("sample-app version=" + settings.version() + " port=" + app.port() + " stopped");
            out.flush();
            // The JVM would exit with 143 after SIGTERM; a clean drain is a clean exit.
            Runtime.getRuntime().halt(0);
        }, "sample-app-shutdown"));
        out.println(app.startupLine());
        return 0;
    }

    /** Simulated crash: no shutdown hooks, no draining, like a process that dies. */
    private static void crash(Settings settings) {
        System.err.println("sample-app version=" + settings.version() + " crashing as told (crash after "
                + settings.crashAfter().toMillis() + "ms)");
        Runtime.getRuntime().halt(1);
    }

    /**
     * Starts listening on {@code settings.port()} (0 = any free port). In-process, a crash closes
     * the listener at once, cutting off requests in flight.
     */
    public static SampleApp start(Settings settings) throws IOException {
        return start(settings, null);
    }

    /** As {@link #start(Settings)}, running {@code crash} (if not null) when the crash is due. */
    static SampleApp start(Settings settings, Runnable crash) throws IOException {
        // a deep accept queue: under a burst of new gateway connections a short one drops SYNs
        // The JDK server writes a response's head and body separately; with Nagle on, the body waits
        // for the ACK of the head, which a keep-alive client delays by 40 ms: 44 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        SampleApp app = new SampleApp(settings, HttpServer.create(new InetSocketAddress(settings.port()), 1024));
        app.listen();
        app.scheduleReadiness();
        if (settings.crashAfter() != null) {
            Runnable dying = crash != null ? crash : app::kill;
            app.timers.schedule(dying, settings.crashAfter().toMillis(), TimeUnit.MILLISECONDS);
        }
        return app;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests being answered now (for tests that stop the app under load). */
    int requestsInFlight() {
        return inFlight.getRegisteredParties() - 1;
    }

    public String startupLine() {
        String state = settings.neverReady() ? "never-ready"
                : settings.startDelay().isZero() ? "ready" : "ready-in=" + settings.startDelay().toMillis() + "ms";
        return "sample-app version=" + settings.version() + " port=" + port() + " " + state;
    }

    /**
     * Stops taking requests (readiness turns 503, new requests get 503), lets those in flight
     * finish for up to 30 s, then closes the listener.
     */
    public void stop() {
        stopping = true;
        try {
            inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            System.err.println("sample-app: requests still in flight after " + DRAIN_TIMEOUT + ", closing anyway");
        }
        server.stop(0);
        timers.shutdownNow();
        workers.shutdown();
    }

    private void kill() {
        server.stop(0);
        timers.shutdownNow();
        workers.shutdownNow();
    }

    private void listen() {
        server.setExecutor(workers);
        server.createContext("/", tracked(this::app));
        server.createContext("/health/live", tracked(exchange -> send(exchange, 200, TEXT, "live\n")));
        server.createContext("/health/ready", tracked(this::readiness));
        server.createContext("/metrics", tracked(exchange -> send(exchange, 200, PROMETHEUS, metrics.render())));
        if (settings.visits() != null) {
            server.createContext("/visits", tracked(this::visit));
        }
        server.start();
    }

    private void scheduleReadiness() {
        if (!settings.neverReady()) {
            timers.schedule(() -> {
                ready = true;
            }, settings.startDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private HttpHandler tracked(HttpHandler handler) {
        return exchange -> {
            inFlight.register();
            if (stopping) {
                exchange.getResponseHeaders().set("Connection", "close");
                send(exchange, 503, TEXT, "stopping\n");
            } else {
                handler.handle(exchange);
            }
        };
    }

    private void readiness(HttpExchange exchange) {
        boolean isReady = ready && !stopping;
        send(exchange, isReady ? 200 : 503, TEXT, isReady ? "ready\n" : "not ready\n");
    }

    /** Added latency is a timer, not a sleeping worker, so slow answers don't starve the pool. */
    private void app(HttpExchange exchange) {
        long started = System.nanoTime();
        Runnable answer = () -> {
            int status = answerApp(exchange);
            metrics.record(status, System.nanoTime() - started);
        };
        if (settings.latency().isZero()) {
            answer.run();
        } else {
            timers.schedule(() -> workers.execute(answer), settings.latency().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private int answerApp(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/data")) {
            return send(exchange, 404, JSON, "{\"error\":\"not found\"}");
        }
        if (ThreadLocalRandom.current().nextDouble() < settings.errorRate() || failing()) {
            return send(exchange, 500, JSON, failureBody);
        }
        if (path.equals("/data")) {
            return send(exchange, 200, JSON, ThreadLocalRandom.current().nextDouble() < settings.dataDrift()
                    ? STALE_DATA : DATA);
        }
        return send(exchange, 200, JSON, okBody);
    }

    private void visit(HttpExchange exchange) {
        String version = quoted(settings.version());
        try {
            long visits = settings.visits().record(settings.version());
            send(exchange, 200, JSON, "{\"app\":\"sample\",\"version\":" + version + ",\"visits\":" + visits + "}");
        } catch (java.sql.SQLException e) {
            send(exchange, 500, JSON, "{\"error\":" + quoted(String.valueOf(e.getMessage())) + ",\"version\":"
                    + version + "}");
        }
    }

    /** Whether the fault set by {@code failAfter} has begun. */
    private boolean failing() {
        return settings.failAfter() != null && System.nanoTime() - failFromNanos >= 0;
    }

    /** Answers and closes the exchange, and marks it done for {@link #stop}; a gone client is no error. */
    private int send(HttpExchange exchange, int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-App-Version", settings.version());
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                out.write(bytes);
            }
        } catch (IOException e) {
            System.err.println("sample-app: answer " + status + " not delivered: " + e.getMessage());
        } finally {
            inFlight.arriveAndDeregister();
        }
        return status;
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
