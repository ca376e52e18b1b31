package io.slipway.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and the exchange in progress on it: one request at a time, streamed to
 * an upstream connection from the pool of the same event loop, its response streamed back.
 *
 * <p>Messages that cannot be handled yet (body parts while connecting, a pipelined next request
 * while the response is pending) wait in {@code backlog}, which stays small because the client
 * channel stops reading in those states. Backpressure both ways toggles autoRead on writability.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private final Gateway gateway;
    private final long upstreamTimeoutNanos;
    private ChannelHandlerContext ctx;
    private Channel client;
    private UpstreamPools pools;
    private String clientIp;
    private ArrayDeque<Object> backlog;
    private boolean draining;
    private boolean closing;

    // the exchange in progress: from a request head until both directions completed
    private boolean active;
    private HttpRequest request;
    private String requestId;
    private boolean http10;
    private boolean head;
    private boolean clientKeepAlive;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean informational;
    private boolean bodySent;
    private boolean reused;
    private boolean retried;
    private boolean connecting;
    private boolean upstreamKeepAlive;
    private boolean flushUpstream;
    private Target target;
    private VersionStats stats;
    private long startNanos;
    private UpstreamConnection upstream;

    // one re-armed timer per connection instead of one scheduled task per request
    private boolean awaitingHead;
    private long headDeadline;
    private boolean timerArmed;

    ProxyHandler(Gateway gateway) {
        this.gateway = gateway;
        this.upstreamTimeoutNanos = gateway.config().upstreamTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.channel();
        this.pools = gateway.pools(client.eventLoop());
        this.clientIp = client.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(client.remoteAddress());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (blocked() || (backlog != null && !backlog.isEmpty())) {
            if (backlog == null) {
                backlog = new ArrayDeque<>(4);
            }
            backlog.add(msg);
            updateRead();
        } else {
            dispatch(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushUpstreamIfNeeded();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.channel.config().setAutoRead(client.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
        } else if (!active) {
            log.debug("client idle timeout app={} client={}", gateway.app(), clientIp);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseBacklog();
        if (active) {
            dropUpstream();
            endStats();
            active = false;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection error app={} client={} error={}", gateway.app(), clientIp, cause.toString());
        ctx.close();
    }

    private boolean blocked() {
        return connecting || (active && requestDone);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            rejectMalformed(o);
            return;
        }
        if (msg instanceof HttpRequest r) {
            onRequest(r);
        }
        if (msg instanceof HttpContent c) {
            onContent(c);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest r) {
        beginExchange(r);
        Target t = gateway.route().pick();
        if (t == null) {
            gateway.rejected(503, "no routable upstream", clientIp);
            reply(503, "no healthy upstream");
            return;
        }
        target = t;
        stats = t.stats;
        stats.begin();
        UpstreamPool pool = pools.pool(t.upstream);
        UpstreamConnection c = pool.poll();
        if (c != null) {
            reused = true;
            attach(c);
        } else {
            connect(pool);
        }
    }

    private void beginExchange(HttpRequest r) {
        active = true;
        request = r;
        startNanos = System.nanoTime();
        http10 = r.protocolVersion().equals(HttpVersion.HTTP_1_0);
        head = HttpMethod.HEAD.equals(r.method());
        clientKeepAlive = HttpUtil.isKeepAlive(r);
        requestDone = responseStarted = responseDone = informational = false;
        bodySent = reused = retried = false;
        requestId = ProxyHeaders.forUpstream(r, clientIp);
    }

    private void onContent(HttpContent c) {
        if (!active) {
            c.release();
            return;
        }
        boolean last = c instanceof LastHttpContent;
        requestDone |= last;
        if (upstream != null) {
            bodySent |= c.content().isReadable();
            upstream.channel.write(c, upstream.channel.voidPromise());
            flushUpstream = true;
            armTimer(); // the head timeout counts from the last body part sent

        } else {
            c.release();
        }
        if (last && responseDone) {
            finishExchange();
        }
    }

    private void connect(UpstreamPool pool) {
        connecting = true;
        updateRead();
        pool.connect().addListener((ChannelFuture f) -> onConnected(f));
    }

    private void onConnected(ChannelFuture f) {
        connecting = false;
        if (!active || closing) {
            f.channel().close();
            return;
        }
        if (!f.isSuccess()) {
            log.debug("upstream connect failed app={} upstream={} error={}", gateway.app(), target.upstream,
                    String.valueOf(f.cause()));
            reply(502, "upstream connect failed");
        } else {
            attach((UpstreamConnection) f.channel().pipeline().last());
        }
        drain();
    }

    private void attach(UpstreamConnection c) {
        upstream = c;
        c.exchange = this;
        c.channel.config().setAutoRead(client.isWritable());
        c.channel.write(request, c.channel.voidPromise());
        if (requestDone) {
            c.channel.write(LastHttpContent.EMPTY_LAST_CONTENT, c.channel.voidPromise());
        }
        flushUpstream = true;
        armTimer();
        updateRead();
    }

    void onUpstreamRead(Object msg) {
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            log.debug("bad upstream response app={} upstream={} error={}", gateway.app(), target.upstream,
                    String.valueOf(o.decoderResult().cause()));
            upstreamFailed(false);
            return;
        }
        if (msg instanceof HttpResponse r) {
            onResponseHead(r);
        }
        if (msg instanceof HttpContent c) {
            onResponseContent(c);
        }
    }

    private void onResponseHead(HttpResponse r) {
        int code = r.status().code();
        if (code < 200) {
            // 100 Continue and friends: pass on, the final head follows
            informational = true;
            ProxyHeaders.stripHopByHop(r.headers());
            client.write(r, client.voidPromise());
            return;
        }
        awaitingHead = false;
        responseStarted = true;
        upstreamKeepAlive = HttpUtil.isKeepAlive(r);
        clientKeepAlive = ProxyHeaders.forClient(r, requestId, clientKeepAlive, http10, head);
        stats.status(code, false);
        client.write(r, client.voidPromise());
    }

    private void onResponseContent(HttpContent c) {
        if (informational) {
            informational = !(c instanceof LastHttpContent);
            client.write(c, client.voidPromise());
        } else if (c instanceof LastHttpContent) {
            UpstreamConnection u = upstream;
            upstream = null;
            if (upstreamKeepAlive && requestDone) {
                u.pool.release(u);
            } else {
                u.close();
            }
            finishResponse(c);
        } else {
            client.write(c, client.voidPromise());
        }
    }

    void flushClient() {
        client.flush();
    }

    void onUpstreamClosed(UpstreamConnection c) {
        if (c == upstream) {
            upstreamFailed(reused && !retried && !bodySent);
        }
    }

    /**
     * The upstream connection broke. Before any response byte, on a reused connection, with no
     * body sent yet, the request is retried once on a fresh connection: the upstream most likely
     * closed an idle keep-alive connection just as we picked it.
     */
    private void upstreamFailed(boolean retry) {
        dropUpstream();
        if (responseStarted) {
            log.debug("upstream broke mid-response app={} upstream={}", gateway.app(), target.upstream);
            endStats();
            closing = true;
            client.close();
        } else if (retry) {
            retried = true;
            connect(pools.pool(target.upstream));
        } else {
            reply(502, "upstream closed the connection");
        }
    }

    private void dropUpstream() {
        awaitingHead = false;
        if (upstream != null) {
            upstream.close();
            upstream = null;
        }
    }

    private void armTimer() {
        awaitingHead = true;
        headDeadline = System.nanoTime() + upstreamTimeoutNanos;
        if (!timerArmed) {
            timerArmed = true;
            ctx.executor().schedule(this::checkTimeout, upstreamTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkTimeout() {
        timerArmed = false;
        if (!awaitingHead || closing) {
            return;
        }
        long left = headDeadline - System.nanoTime();
        if (left > 0) {
            timerArmed = true;
            ctx.executor().schedule(this::checkTimeout, left, TimeUnit.NANOSECONDS);
            return;
        }
        log.debug("upstream timeout app={} upstream={} requestId={}", gateway.app(), target.upstream, requestId);
        dropUpstream();
        reply(504, "upstream timed out");
        drain();
    }

    private void rejectMalformed(HttpObject o) {
        ReferenceCountUtil.release(o);
        Throwable cause = o.decoderResult().cause();
        boolean tooLarge = cause instanceof TooLongHttpHeaderException || cause instanceof TooLongHttpLineException;
        int code = tooLarge ? 431 : 400;
        gateway.rejected(code, String.valueOf(cause), clientIp);
        if (!active) {
            active = true;
            responseStarted = responseDone = false;
            requestId = ProxyHeaders.newRequestId();
        }
        // the decoder discards everything after a malformed message: this connection is done
        dropUpstream();
        requestDone = true;
        clientKeepAlive = false;
        reply(code, tooLarge ? "request head too large" : "malformed request");
    }

    /** A response generated by the gateway; closes the connection if a response already started. */
    private void reply(int code, String error) {
        if (responseStarted) {
            endStats();
            closing = true;
            client.close();
            return;
        }
        responseStarted = true;
        awaitingHead = false;
        if (stats != null) {
            stats.status(code, true);
        }
        finishResponse(ErrorReply.of(client.alloc(), code, gateway.app(), error, requestId, clientKeepAlive));
    }

    private void finishResponse(Object last) {
        responseDone = true;
        endStats();
        if (clientKeepAlive) {
            client.writeAndFlush(last, client.voidPromise());
        } else {
            closing = true;
            client.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
        if (requestDone) {
            finishExchange();
        } else {
            updateRead();
        }
    }

    private void finishExchange() {
        active = false;
        request = null;
        target = null;
        if (closing) {
            releaseBacklog();
            return;
        }
        drain();
    }

    private void endStats() {
        if (stats != null) {
            stats.end(startNanos);
            stats = null;
        }
    }

    /**
     * Reads from the client only while what arrives can be handled, so at most one read batch
     * waits in the backlog. While a response is pending the client is normally silent, so reading
     * stops only once something (a pipelined request) actually arrived: toggling autoRead costs
     * two epoll_ctl calls, which every request would otherwise pay.
     */
    void updateRead() {
        boolean read = !closing && (backlog == null || backlog.isEmpty())
                && (!active || requestDone || (!connecting && (upstream == null ? responseDone : upstream.channel.isWritable())));
        client.config().setAutoRead(read);
    }

    /** Handles what waited in the backlog as far as the state allows, then resumes reading. */
    private void drain() {
        if (draining) {
            return; // an outer drain() continues the loop
        }
        if (backlog != null) {
            draining = true;
            Object msg;
            while (!closing && !blocked() && (msg = backlog.poll()) != null) {
                dispatch(msg);
            }
            draining = false;
        }
        flushUpstreamIfNeeded();
        updateRead();
    }

    private void flushUpstreamIfNeeded() {
        if (flushUpstream) {
            flushUpstream = false;
            if (upstream != null) {
                upstream.channel.flush();
            }
        }
    }

    private void releaseBacklog() {
        if (backlog != null) {
            backlog.forEach(ReferenceCountUtil::release);
            backlog.clear();
        }
    }
}
