package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One copy of a request sent to an upstream of a mirror slot, on the client connection's event
 * loop, over a connection of the same {@link UpstreamPool} client requests use. The connection
 * goes back to the pool only once the copy's answer is complete (and its request fully written),
 * so a client request never shares it with a copy in progress. The answer is digested and
 * dropped, then compared with the primary's when both are complete.
 *
 * <p>The copy has {@code gateway.upstreamTimeout} from being sent to its last body byte; past it,
 * or on a connect error, reset or malformed answer, it counts as a mirror error. Mirror outcomes
 * never count towards passive ejection: copies serve no client, and ejecting an instance for them
 * would move real traffic (previews) on account of shadow traffic. Like a client request, a copy
 * without a body whose pooled connection closes before any answer is retried once on a fresh one.
 */
final class Mirror implements UpstreamConnection.Receiver {
    private static final Logger log = LoggerFactory.getLogger(Mirror.class);

    private final Mirroring mirroring;
    private final Target target;
    private final MirrorStats stats;
    private final UpstreamPool pool;
    private final EventLoop loop;
    private final String requestId;
    private final Answer answer = new Answer();
    private ByteBuf head;
    private boolean headRequest;
    private ByteBuf body;
    private UpstreamConnection conn;
    private ScheduledFuture<?> timeout;
    private boolean reused;
    private boolean retried;
    private boolean written;
    private boolean responseStarted;
    private boolean informational;
    private boolean keepAlive;
    /** The copy's upstream part is over: answered, or failed. */
    private boolean ended;
    private boolean failed;
    private Answer primary;

    Mirror(Mirroring mirroring, Target target, MirrorStats stats, UpstreamPool pool, EventLoop loop, String requestId) {
        this.mirroring = mirroring;
        this.target = target;
        this.stats = stats;
        this.pool = pool;
        this.loop = loop;
        this.requestId = requestId;
    }

    /** Sends the encoded {@code head} (to a HEAD request: {@code headRequest}) with {@code body}, both taken over. */
    void send(ByteBuf head, boolean headRequest, ByteBuf body) {
        this.head = head;
        this.headRequest = headRequest;
        this.body = body;
        stats.mirrored();
        timeout = loop.schedule(() -> fail("no complete answer in time"), mirroring.timeoutNanos(),
                TimeUnit.NANOSECONDS);
        UpstreamConnection c = pool.poll();
        if (c != null) {
            reused = true;
            attach(c);
        } else {
            connect();
        }
    }

    /** Never sent: the exchange ended first. */
    void drop() {
        stats.skipped();
        mirroring.release();
    }

    /** The primary's answer is complete: compare once ours is. */
    void primaryAnswered(Answer p) {
        primary = p;
        compare();
    }

    /** The primary gave no complete answer: this copy still runs its course, uncompared. */
    void primaryFailed() {
        primary = null;
    }

    private void connect() {
        pool.connect().addListener((ChannelFuture f) -> onConnected(f));
    }

    private void onConnected(ChannelFuture f) {
        if (ended) {
            f.channel().close();
        } else if (!f.isSuccess()) {
            fail("connect failed: " + f.cause());
        } else {
            attach((UpstreamConnection) f.channel().pipeline().last());
        }
    }

    private void attach(UpstreamConnection c) {
        conn = c;
        c.exchange = this;
        written = false;
        c.channel.config().setAutoRead(true);
        c.expect(headRequest, false);
        c.channel.write(head.retainedDuplicate(), c.channel.voidPromise());
        c.channel.writeAndFlush(body.retainedDuplicate()).addListener(f -> written = conn == c && f.isSuccess());
    }

    @Override
    public void onUpstreamRead(Object msg) {
        if (msg instanceof ResponseHead r) {
            onHead(r);
        } else if (msg instanceof HttpContent c) {
            onContent(c);
        } else if (msg instanceof ResponseDecoder.Failure f) {
            fail("malformed answer: " + f.reason());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ResponseHead r) {
        int code = r.status();
        informational = code < 200; // 103 Early Hints and the like: the final head follows
        if (!informational) {
            responseStarted = true;
            answer.status = code;
            keepAlive = r.keepAlive();
        }
    }

    private void onContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (!informational) {
            answer.body(c.content());
        }
        c.release();
        if (last && informational) {
            informational = false;
        } else if (last) {
            answered();
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        // nothing to flush: the answer goes nowhere
    }

    @Override
    public void onUpstreamWritabilityChanged() {
        // the copy is one buffered write; nothing to pace
    }

    @Override
    public void onUpstreamClosed(UpstreamConnection c) {
        if (c != conn) {
            return;
        }
        conn = null;
        if (reused && !retried && !responseStarted && !body.isReadable()) {
            retried = true;
            reused = false;
            connect();
        } else {
            fail("upstream closed the connection");
        }
    }

    private void answered() {
        answer.complete();
        UpstreamConnection c = conn;
        conn = null;
        if (keepAlive && written) {
            c.pool.release(c);
        } else {
            c.close();
        }
        end();
        stats.answered();
        compare();
    }

    private void fail(String error) {
        if (ended) {
            return;
        }
        if (conn != null) {
            conn.close();
            conn = null;
        }
        end();
        failed = true;
        stats.failed();
        log.debug("mirror failed app={} version={} upstream={} requestId={} error={}", mirroring.app(),
                target.stats.version(), target.upstream, requestId, error);
    }

    private void end() {
        ended = true;
        timeout.cancel(false);
        body.release();
        body = null;
        head.release();
        head = null;
        mirroring.release();
    }

    private void compare() {
        if (primary == null || !ended || failed) {
            return;
        }
        boolean statusDiffers = answer.status != primary.status;
        boolean bodyDiffers = !answer.sameBody(primary);
        stats.compared(statusDiffers, bodyDiffers, answer.completedNanos - primary.completedNanos);
        if (statusDiffers || bodyDiffers) {
            log.debug("mirror mismatch app={} version={} requestId={} status={}/{} bodyBytes={}/{}",
                    mirroring.app(), target.stats.version(), requestId, primary.status, answer.status,
                    primary.length, answer.length);
        }
        primary = null;
    }
}
