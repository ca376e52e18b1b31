package io.slipway.sdk;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Posts what {@link Events} gathered, one batch per interval. A batch the server did not take stays
 * queued and goes first next time, so an outage loses nothing until {@code maxPending} batches wait;
 * then the oldest are dropped and counted. A batch the server refuses as malformed (400, 413, 422) is
 * dropped at once, since sending it again cannot succeed and would block every later one.
 */
final class Reporter {
    private static final System.Logger LOG = System.getLogger("io.slipway.sdk");

    private final Events events;
    private final FlagApi api;
    private final Clock clock;
    private final String appName;
    private final String environment;
    private final String instance;
    private final int maxPending;
    private final Deque<EventBatch> pending = new ArrayDeque<>();
    private long droppedBatches;
    private boolean failing;

    Reporter(Events events, FlagApi api, Clock clock, String appName, String environment, String instance, int maxPending) {
        this.events = events;
        this.api = api;
        this.clock = clock;
        this.appName = appName;
        this.environment = environment;
        this.instance = instance;
        this.maxPending = maxPending;
    }

    /** Takes what was gathered since the last flush and sends every waiting batch, oldest first. */
    synchronized void flush(Duration timeout) {
        EventBatch batch = events.drain(appName, environment, instance, clock.instant());
        if (!batch.nothingToSend()) {
            queue(batch);
        }
        while (!pending.isEmpty() && send(pending.peekFirst(), timeout)) {
            pending.removeFirst();
        }
    }

    private void queue(EventBatch batch) {
        if (pending.size() >= maxPending) {
            pending.removeFirst();
            droppedBatches++;
            LOG.log(Level.WARNING, "events batch dropped, server unreachable: url=" + api.eventsUri()
                    + " dropped_batches=" + droppedBatches + " pending=" + pending.size());
        }
        pending.addLast(batch);
    }

    /** True when the batch is done with: accepted, or refused for good. */
    private boolean send(EventBatch batch, Duration timeout) {
        try {
            return done(api.postEvents(Json.bytes(batch), timeout));
        } catch (IOException e) {
            failed(FlagApi.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed("interrupted");
        }
        return false;
    }

    private boolean done(int status) {
        if (status / 100 == 2) {
            recovered();
            return true;
        }
        if (status == 400 || status == 413 || status == 422) {
            LOG.log(Level.ERROR, "events batch refused, dropped: url=" + api.eventsUri() + " status=" + status);
            return true;
        }
        failed("status " + status);
        return false;
    }

    private void failed(String error) {
        LOG.log(failing ? Level.DEBUG : Level.WARNING, "events post failed, batch kept for the next try: url="
                + api.eventsUri() + " error=" + error + " pending=" + pending.size());
        failing = true;
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, "events post works again: url=" + api.eventsUri());
        }
    }

    synchronized int pending() {
        return pending.size();
    }

    synchronized long droppedBatches() {
        return droppedBatches;
    }
}
