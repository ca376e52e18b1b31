package io.slipway.api;

import io.slipway.flags.Flags;
import io.slipway.flags.Ruleset;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /api/v1/flags/stream?environment=E}: Server-Sent Events for SDKs. On connect the client
 * gets the environment's ruleset ({@code event: ruleset}, {@code id: <version>}, {@code data: <Ruleset
 * JSON on one line>}) unless its {@code Last-Event-ID} already is the current version, then the whole
 * ruleset again after every change, and a {@code : keep-alive} comment in between.
 *
 * <p>Nothing here blocks the event loop: the ruleset is read and serialized once per change on a
 * worker and the same text is written to every client on its own connection's event loop. A client
 * whose writes back up is disconnected rather than buffered without bound; it reconnects with its
 * Last-Event-ID and gets the current ruleset at once.
 */
final class FlagStream {
    /** How often an idle stream gets a comment, so that proxies and clients see it alive. */
    static final long KEEP_ALIVE_MS = 15_000;
    private static final Logger log = LoggerFactory.getLogger(FlagStream.class);

    private final Vertx vertx;
    private final Flags flags;
    private final long keepAliveMs;
    private final Map<String, Set<Client>> clients = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> refreshQueued = new ConcurrentHashMap<>();
    private final Map<String, Frame> frames = new ConcurrentHashMap<>();

    FlagStream(Vertx vertx, Flags flags, long keepAliveMs) {
        this.vertx = vertx;
        this.flags = flags;
        this.keepAliveMs = keepAliveMs;
        flags.addListener(change -> changed());
    }

    /** One event as written on the wire, for one version of one environment's ruleset. */
    private record Frame(long version, String text) {
    }

    /** Clients connected now, over all environments. */
    int clients() {
        return clients.values().stream().mapToInt(Set::size).sum();
    }

    /** Opens a stream; runs on the event loop. @throws ApiError for an unknown environment */
    void connect(RoutingContext ctx) {
        String environment = FlagApi.environmentParam(ctx, flags);
        HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        response.writeHead();
        Client client = new Client(environment, response, vertx.getOrCreateContext(),
                lastEventId(ctx.request().getHeader("Last-Event-ID")));
        // Registered before the first read, so that a change made meanwhile is not missed.
        clients.computeIfAbsent(environment, e -> ConcurrentHashMap.newKeySet()).add(client);
        response.closeHandler(v -> client.close());
        response.exceptionHandler(e -> client.close());
        client.timer = vertx.setPeriodic(keepAliveMs, id -> client.keepAlive());
        vertx.executeBlocking(() -> frame(environment), false)
                .onComplete(ar -> delivered(ar, environment, Set.of(client)));
    }

    /** A client left without the current ruleset is disconnected: it reconnects and the read is tried again. */
    private void delivered(AsyncResult<Frame> read, String environment, Set<Client> to) {
        if (read.succeeded()) {
            to.forEach(c -> c.offer(read.result()));
        } else {
            log.warn("event=flag-stream-read-failed environment={} error=\"{}\"", environment, read.cause().toString());
            to.forEach(Client::drop);
        }
    }

    private void changed() {
        clients.forEach((environment, connected) -> {
            if (!connected.isEmpty()) {
                refresh(environment);
            }
        });
    }

    /** Reads and pushes the ruleset; changes arriving while a refresh is queued ride along with it. */
    private void refresh(String environment) {
        AtomicBoolean queued = refreshQueued.computeIfAbsent(environment, e -> new AtomicBoolean());
        if (queued.getAndSet(true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            queued.set(false);
            return frame(environment);
        }, false).onComplete(ar -> delivered(ar, environment, clients.getOrDefault(environment, Set.of())));
    }

    /** The event for the current ruleset, serialized once per version. */
    private Frame frame(String environment) {
        Ruleset ruleset = flags.ruleset(environment);
        Frame known = frames.get(environment);
        if (known != null && known.version() == ruleset.version()) {
            return known;
        }
        Frame fresh = new Frame(ruleset.version(), "event: ruleset\nid: " + ruleset.version() + "\ndata: "
                + Json.write(ruleset) + "\n\n");
        frames.merge(environment, fresh, (old, now) -> now.version() >= old.version() ? now : old);
        return fresh;
    }

    private static long lastEventId(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1; // not one of ours: treated as a first connect
        }
    }

    /** One connected SDK; its fields are only touched on its connection's event loop. */
    private final class Client {
        private final String environment;
        private final HttpServerResponse response;
        private final Context context;
        private final long lastEventId;
        private long lastSent = -1;
        private boolean sent;
        private long timer;

        Client(String environment, HttpServerResponse response, Context context, long lastEventId) {
            this.environment = environment;
            this.response = response;
            this.context = context;
            this.lastEventId = lastEventId;
        }

        void offer(Frame frame) {
            context.runOnContext(v -> send(frame));
        }

        /** The first event goes out unless the client has that version; after it, only newer ones. */
        private void send(Frame frame) {
            if (response.closed() || (sent ? frame.version() <= lastSent : frame.version() == lastEventId)) {
                return;
            }
            if (response.writeQueueFull()) {
                log.info("event=flag-stream-slow-client environment={} version={}", environment, frame.version());
                response.reset();
                return;
            }
            response.write(frame.text());
            sent = true;
            lastSent = frame.version();
        }

        void drop() {
            context.runOnContext(v -> response.reset());
        }

        void keepAlive() {
            if (!response.closed() && !response.writeQueueFull()) {
                response.write(": keep-alive\n\n");
            }
        }

        void close() {
            vertx.cancelTimer(timer);
            clients.getOrDefault(environment, Set.of()).remove(this);
        }
    }
}
