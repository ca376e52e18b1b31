package io.slipway.sdk;

import io.slipway.flags.Ruleset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps {@link Rules} in step with the server, on one daemon thread: reads the event stream while it is
 * up; when it drops, reconnects after a growing, jittered delay (sending Last-Event-ID) and meanwhile
 * polls the ruleset every poll interval, so a server without a working stream still reaches the client.
 * Waits on a monitor that {@link #close()} wakes, so stopping never waits out a delay.
 */
final class Sync implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.slipway.sdk");

    private final FlagApi api;
    private final Rules rules;
    private final Backoff backoff;
    private final long pollIntervalNanos;
    private final long responseTimeoutNanos;
    private final long idleTimeoutNanos;
    private final Object wake = new Object();
    private volatile boolean closed;
    private volatile CompletableFuture<?> inflight;
    private volatile InputStream body;
    private volatile long lastReadNanos;
    private String lastEventId;
    private long nextPollNanos = System.nanoTime();
    private boolean streamDown;
    private boolean pollDown;

    Sync(FlagApi api, Rules rules, Backoff backoff, Duration pollInterval, Duration responseTimeout, Duration idleTimeout) {
        this.api = api;
        this.rules = rules;
        this.backoff = backoff;
        this.pollIntervalNanos = pollInterval.toNanos();
        this.responseTimeoutNanos = responseTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void run() {
        while (!closed) {
            if (stream()) {
                backoff.reset();
            }
            if (!closed) {
                waitPolling(backoff.next());
            }
        }
    }

    /** Reads the event stream until it ends; true when it delivered at least one event. */
    private boolean stream() {
        ServerSentEvents events = new ServerSentEvents(lastEventId);
        boolean delivered = false;
        try (InputStream in = open(); BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null && !closed; line = reader.readLine()) {
                lastReadNanos = System.nanoTime();
                ServerSentEvents.Event event = events.accept(line);
                if (event != null) {
                    handle(event);
                    delivered = true;
                }
            }
            streamFailed(new IOException("GET " + api.streamUri() + ": stream ended"));
        } catch (IOException e) {
            streamFailed(e);
        } finally {
            body = null;
            lastEventId = events.lastEventId();
            if (events.retryMillis() >= 0) {
                backoff.retryHint(events.retryMillis());
            }
        }
        return delivered;
    }

    private InputStream open() throws IOException {
        HttpResponse<InputStream> response = await(api.openStream(lastEventId), responseTimeoutNanos);
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + api.streamUri() + ": status " + response.statusCode());
        }
        lastReadNanos = System.nanoTime();
        body = response.body();
        if (closed) {
            body.close();
        }
        return response.body();
    }

    private void handle(ServerSentEvents.Event event) {
        if (streamDown) {
            streamDown = false;
            LOG.log(Level.INFO, "flag stream connected: url=" + api.streamUri());
        }
        if (!"ruleset".equals(event.type())) {
            return; // other event types are for newer clients
        }
        try {
            rules.offer(Json.ruleset(event.data(), "event id=" + event.id() + " of " + api.streamUri()), Source.SERVER_STREAM);
        } catch (InvalidRulesetException e) {
            LOG.log(Level.WARNING, "ruleset refused: " + e.getMessage());
        }
    }

    private void streamFailed(IOException e) {
        if (closed) {
            return;
        }
        LOG.log(streamDown ? Level.DEBUG : Level.WARNING, "flag stream down, polling until it is back: url="
                + api.streamUri() + " error=" + FlagApi.describe(e));
        streamDown = true;
    }

    /** Waits {@code delayNanos} before the next stream attempt, polling whenever a poll falls due. */
    private void waitPolling(long delayNanos) {
        long until = System.nanoTime() + delayNanos;
        for (long now = System.nanoTime(); !closed && now - until < 0; now = System.nanoTime()) {
            if (now - nextPollNanos >= 0) {
                poll();
                nextPollNanos = System.nanoTime() + pollIntervalNanos;
            } else {
                pause(Math.min(until - now, nextPollNanos - now));
            }
        }
    }

    private void poll() {
        Rules.Current now = rules.current();
        try {
            Optional<Ruleset> ruleset = api.rulesetOf(await(api.fetchRuleset(now.source().fromServer() ? now.version() : null),
                    responseTimeoutNanos));
            ruleset.ifPresentOrElse(r -> rules.offer(r, Source.SERVER_POLL), rules::confirm);
            if (pollDown) {
                pollDown = false;
                LOG.log(Level.INFO, "flag polling works again: version=" + rules.current().version());
            }
        } catch (IOException | InvalidRulesetException e) {
            if (!closed) {
                LOG.log(pollDown ? Level.DEBUG : Level.WARNING, "flag poll failed: error=" + FlagApi.describe(e));
                pollDown = true;
            }
        }
    }

    private void pause(long nanos) {
        synchronized (wake) {
            try {
                if (!closed) {
                    TimeUnit.NANOSECONDS.timedWait(wake, nanos);
                }
            } catch (InterruptedException e) {
                // Only close() should stop this thread; an interrupt from elsewhere is taken as one.
                closed = true;
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for a response, so that close() can cancel the request rather than wait for it. */
    private <T> T await(CompletableFuture<T> response, long timeoutNanos) throws IOException {
        inflight = response;
        try {
            if (closed) {
                response.cancel(true);
            }
            return response.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new IOException("no response in " + Duration.ofNanos(timeoutNanos).toMillis() + " ms", e);
        } catch (CancellationException | InterruptedException e) {
            closed = true;
            throw new IOException("cancelled", e);
        } finally {
            inflight = null;
        }
    }

    /**
     * Drops the stream if nothing, not even a keep-alive comment, arrived for the idle timeout: a
     * connection silently lost (a NAT or a host gone) would otherwise look open forever.
     */
    void dropIfIdle() {
        InputStream in = body;
        if (in != null && System.nanoTime() - lastReadNanos > idleTimeoutNanos) {
            LOG.log(Level.WARNING, "flag stream idle, reconnecting: url=" + api.streamUri()
                    + " idle_ms=" + Duration.ofNanos(idleTimeoutNanos).toMillis());
            closeQuietly(in);
        }
    }

    /** Stops the thread soon: cancels a request in flight, closes the stream, ends a wait. */
    void close() {
        closed = true;
        CompletableFuture<?> request = inflight;
        if (request != null) {
            request.cancel(true);
        }
        InputStream in = body;
        if (in != null) {
            closeQuietly(in);
        }
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing only serves to wake the reader; the stream is abandoned either way.
            LOG.log(Level.DEBUG, "closing flag stream: " + e);
        }
    }
}
