package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and the exchange in progress on it: one request at a time, streamed to
 * an upstream connection from the pool of the same event loop, its response streamed back.
 *
 * <p>The edge checks run here too, as plain objects rather than handlers of their own (each
 * handler in a pipeline is a hop for every message): the {@link ClientClock} (first-head, idle
 * and slow-head timeouts), the {@link ObsFold} scan and the {@link BodyLimit}. The raw bytes they
 * need come from {@link #rawBytes}, which sits before the HTTP codec.
 *
 * <p>Messages that cannot be handled yet (body parts while connecting, a pipelined next request
 * while the response is pending) wait in {@code backlog}, which stays small because the client
 * channel stops reading in those states. Backpressure both ways toggles autoRead on writability.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter implements UpstreamConnection.Receiver {
    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private final Gateway gateway;
    private Channel client;
    private UpstreamPools pools;
    private String clientIp;
    private boolean tls;
    private boolean closing;
    private final Backlog backlog = new Backlog();
    private final BooleanSupplier backlogBlocked = () -> closing || blocked();
    private final Consumer<Object> dispatcher = this::dispatch;
    private Deadline headTimer;
    private final long upstreamTimeoutNanos;
    private ClientClock clock;
    private final ObsFold obsFold = new ObsFold();
    private final BodyLimit bodyLimit;
    private boolean lingering;
    /** Before the HTTP codec: feeds the raw bytes of request heads to the clock and the obs-fold scan. */
    final ChannelHandler rawBytes = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b && b.isReadable()) {
                clock.bytes();
                obsFold.scan(b);
            }
            ctx.fireChannelRead(msg);
        }
    };
    private final Exchange ex = new Exchange();
    private final ForwardedResponse clientResponse = new ForwardedResponse();
    /** When the last exchange on this connection ended (or the connection was accepted). */
    private long idleSince = System.nanoTime();
    private boolean connecting;
    private boolean flushUpstream;
    private UpstreamConnection upstream;

    ProxyHandler(Gateway gateway) {
        this.gateway = gateway;
        this.upstreamTimeoutNanos = gateway.config().upstreamTimeout().toNanos();
        this.bodyLimit = new BodyLimit(gateway.config().maxBodyMegabytes() * 1024L * 1024L);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.client = ctx.channel();
        this.pools = gateway.pools(client.eventLoop());
        this.headTimer = new Deadline(ctx.executor(), this::onUpstreamTimeout);
        this.clock = new ClientClock(ctx.executor(), gateway.config().requestHeadTimeout().toNanos(),
                gateway.config().idleTimeout().toNanos(), this::onClientTimeout);
        this.clientIp = client.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(client.remoteAddress());
        this.tls = Edge.isTls(client);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clock.accepted();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            clock.head();
        }
        obsFold.check(msg);
        msg = bodyLimit.check(msg);
        if (msg == null) {
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (blocked() || !backlog.isEmpty()) {
            backlog.add(msg);
            updateRead();
        } else {
            dispatch(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (lingering) {
            ctx.read();
        }
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
    public void channelInactive(ChannelHandlerContext ctx) {
        clock.stop();
        headTimer.cancel();
        closing = true;
        backlog.release();
        if (ex.active) {
            dropUpstream();
            ex.endStats();
            ex.active = false;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection error app={} client={} error={}", gateway.app(), clientIp, cause.toString());
        ctx.close();
    }

    private boolean blocked() {
        return connecting || (ex.active && ex.requestDone);
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
        // ClientAddress reads X-Forwarded-For before begin() appends the peer to it
        ex.begin(r, clientIp, ClientAddress.of(clientIp, r.headers(), gateway.config().trustedProxies()), tls);
        Route route = gateway.route();
        Target t = gateway.affinity().pick(route, r.headers(), ex.client);
        if (t == null) {
            String error = gateway.affinity().unroutable(r.headers());
            gateway.rejected(503, error, clientIp);
            reply(503, error);
            return;
        }
        ex.routeTo(t);
        if (route.mirroring) {
            ex.shadow = gateway.mirroring().copies(route, t, ex, pools, client);
        }
        UpstreamPool pool = pools.pool(t.upstream);
        UpstreamConnection c = ex.upgrade == null ? pool.poll() : null;
        if (c != null) {
            ex.reused = true;
            attach(c);
        } else {
            connect(pool);
        }
    }

    private void onContent(HttpContent c) {
        if (!ex.active) {
            c.release();
            return;
        }
        boolean last = c instanceof LastHttpContent;
        ex.requestDone |= last;
        if (ex.shadow != null) {
            ex.shadow.requestPart(c, last);
        }
        if (upstream != null) {
            ex.bodySent |= c.content().isReadable();
            upstream.channel.write(c, upstream.channel.voidPromise());
            flushUpstream = true;
            headTimer.restart(upstreamTimeoutNanos); // the head timeout counts from the last body part sent
        } else {
            c.release();
        }
        if (last && ex.responseDone) {
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
        if (!ex.active || closing) {
            f.channel().close();
            return;
        }
        if (!f.isSuccess()) {
            log.debug("upstream connect failed app={} upstream={} error={}", gateway.app(), ex.target.upstream,
                    String.valueOf(f.cause()));
            gateway.upstreamFailed(ex.target.upstream);
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
        c.expect(ex.head, ex.upgrade != null);
        c.channel.write(ex.upstreamRequest, c.channel.voidPromise());
        if (ex.requestDone) {
            c.channel.write(LastHttpContent.EMPTY_LAST_CONTENT, c.channel.voidPromise());
        }
        flushUpstream = true;
        headTimer.restart(upstreamTimeoutNanos);
        updateRead();
    }

    @Override
    public void onUpstreamRead(Object msg) {
        if (msg instanceof ResponseHead r) {
            onResponseHead(r);
        } else if (msg instanceof HttpContent c) {
            onResponseContent(c);
        } else if (msg instanceof ResponseDecoder.Failure f) {
            log.debug("bad upstream response app={} upstream={} error={}", gateway.app(), ex.target.upstream,
                    f.reason());
            upstreamFailed(false);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** {@code r} is parsed again for the next response: it is written to the client (encoded) at once. */
    private void onResponseHead(ResponseHead r) {
        int code = r.status();
        if (code == 101) {
            // the decoder lets a 101 through only to an upgrade request
            switchProtocols(r);
            return;
        }
        if (code < 200) {
            // 100 Continue and friends: pass on, the final head follows
            ex.informational = true;
            clientResponse.prepareInformational(r, ex.http10);
            client.write(clientResponse, client.voidPromise());
            return;
        }
        headTimer.stop();
        gateway.upstreamAnswered(ex.target.upstream, code);
        ex.responseStarted = true;
        ex.status = code;
        if (ex.shadow != null) {
            ex.shadow.responseHead(code);
        }
        ex.upstreamKeepAlive = r.keepAlive() && ex.upgrade == null;
        // A draining gateway (replaced by a newer process) ends each connection after its response.
        ex.clientKeepAlive = clientResponse.prepare(r, ex.head, ex.requestId, ex.clientKeepAlive && !gateway.draining(),
                ex.http10);
        ex.stats.status(code, false);
        client.write(clientResponse, client.voidPromise());
    }

    /**
     * The upstream accepted the client's Upgrade: this handler leaves the client connection to a
     * {@link Tunnel}. The request stays in flight until the tunnel closes, so drains wait for it.
     */
    private void switchProtocols(ResponseHead r) {
        headTimer.stop();
        clock.stop();
        closing = true;
        backlog.release();
        VersionStats stats = ex.stats;
        ex.stats = null;
        stats.upgraded(ex.startNanos);
        UpstreamConnection u = upstream;
        upstream = null;
        clientResponse.prepareUpgrade(r, ex.requestId);
        Tunnel.open(client, this, u, clientResponse, gateway.config().tunnelIdleTimeout(), stats::leave);
        ex.finish();
    }

    private void onResponseContent(HttpContent c) {
        if (ex.informational) {
            ex.informational = !(c instanceof LastHttpContent);
            client.write(c, client.voidPromise());
        } else if (c instanceof LastHttpContent) {
            UpstreamConnection u = upstream;
            upstream = null;
            if (ex.upstreamKeepAlive && ex.requestDone) {
                u.pool.release(u);
            } else {
                u.close();
            }
            if (ex.shadow != null) {
                ex.shadow.responseBody(c.content());
                ex.shadow.responseDone();
            }
            finishResponse(c);
        } else {
            if (ex.shadow != null) {
                ex.shadow.responseBody(c.content());
            }
            client.write(c, client.voidPromise());
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        client.flush();
    }

    @Override
    public void onUpstreamWritabilityChanged() {
        updateRead();
    }

    @Override
    public void onUpstreamClosed(UpstreamConnection c) {
        if (c == upstream) {
            upstreamFailed(ex.reused && !ex.retried && !ex.bodySent);
        }
    }

    /**
     * The upstream connection broke. Before any response byte, on a reused connection, with no
     * body sent yet, the request is retried once on a fresh connection: the upstream most likely
     * closed an idle keep-alive connection just as we picked it.
     */
    private void upstreamFailed(boolean retry) {
        dropUpstream();
        if (ex.responseStarted) {
            log.debug("upstream broke mid-response app={} upstream={}", gateway.app(), ex.target.upstream);
            ex.endStats();
            closing = true;
            closeClient();
        } else if (retry) {
            ex.retried = true;
            connect(pools.pool(ex.target.upstream));
        } else {
            reply(502, "upstream closed the connection");
        }
    }

    private void dropUpstream() {
        headTimer.stop();
        if (upstream != null) {
            upstream.close();
            upstream = null;
        }
    }

    private void onUpstreamTimeout() {
        if (closing) {
            return;
        }
        log.debug("upstream timeout app={} upstream={} requestId={}", gateway.app(), ex.target.upstream, ex.requestId);
        dropUpstream();
        reply(504, "upstream timed out");
        drain();
    }

    private void rejectMalformed(HttpObject o) {
        ReferenceCountUtil.release(o);
        Throwable cause = o.decoderResult().cause();
        boolean tooLarge = cause instanceof TooLongHttpHeaderException || cause instanceof TooLongHttpLineException;
        boolean bodyTooLarge = cause instanceof BodyLimit.TooLarge;
        int code = bodyTooLarge ? 413 : tooLarge ? 431 : 400;
        gateway.rejected(code, String.valueOf(cause), clientIp);
        if (!ex.active) {
            ex.beginMalformed(clientIp);
        }
        // the decoder discards everything after a malformed message: this connection is done
        dropUpstream();
        ex.requestDone = true;
        ex.clientKeepAlive = false;
        reply(code, bodyTooLarge ? "request body too large"
                : tooLarge ? "request head too large" : "malformed request");
    }

    /** The access log line of the exchange whose response is about to complete. */
    private void logAccess() {
        AccessLog accessLog = gateway.accessLog();
        if (accessLog.enabled()) {
            HttpRequest r = ex.request;
            Target t = ex.target;
            long now = System.nanoTime();
            accessLog.record(client.eventLoop(), new AccessLog.Entry(accessLog.epochMillis(now), gateway.app(),
                    ex.requestId, ex.client, r == null ? null : r.method().name(), r == null ? null : r.uri(),
                    t == null ? null : t.slotName, t == null ? null : t.stats.version(), t == null ? null : t.upstream,
                    ex.status, (now - ex.startNanos) / 1000));
        }
    }

    /** A response generated by the gateway; closes the connection if a response already started. */
    private void reply(int code, String error) {
        if (ex.responseStarted) {
            ex.endStats();
            closing = true;
            closeClient();
            return;
        }
        ex.responseStarted = true;
        ex.status = code;
        headTimer.stop();
        if (ex.stats != null) {
            ex.stats.status(code, true);
        }
        finishResponse(ErrorReply.of(client.alloc(), code, gateway.app(), error, ex.requestId, ex.clientKeepAlive));
    }

    private void finishResponse(Object last) {
        logAccess();
        ex.responseDone = true;
        ex.endStats();
        clock.responded();
        if (ex.clientKeepAlive) {
            client.writeAndFlush(last, client.voidPromise());
        } else {
            closing = true;
            client.writeAndFlush(last).addListener((ChannelFutureListener) f -> closeClient());
        }
        if (ex.requestDone) {
            finishExchange();
        } else {
            updateRead();
        }
    }

    /**
     * A timeout of the {@link ClientClock}: closes an idle connection or one where no head began;
     * answers 408 where a head began but did not complete in time.
     */
    private void onClientTimeout(boolean headStarted, boolean idle) {
        if (closing || ex.active || !client.isActive()) {
            return;
        }
        if (!headStarted) {
            log.debug("client {} app={} client={}", idle ? "idle timeout" : "sent no request in time",
                    gateway.app(), clientIp);
            closing = true;
            client.close();
            return;
        }
        gateway.rejected(408, "request head timeout", clientIp);
        ex.beginMalformed(clientIp);
        ex.requestDone = true;
        ex.clientKeepAlive = false;
        reply(408, "request head not received in time");
    }

    /**
     * Closes the client connection. After an oversized body it closes only the output at once and
     * keeps reading (and dropping) until the client stops or {@link BodyLimit#LINGER_MILLIS} pass:
     * closing with unread bytes would reset the connection and lose the 413 on the client's side.
     */
    private void closeClient() {
        if (!bodyLimit.exceeded() || lingering || !(client instanceof DuplexChannel ch) || !ch.isActive()) {
            client.close();
            return;
        }
        lingering = true;
        ch.shutdownOutput().addListener(f -> ch.read());
        ch.eventLoop().schedule(() -> {
            ch.close();
        }, BodyLimit.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether no exchange has been in progress on this connection for {@code nanos}; on its event loop only. */
    boolean idleFor(long nanos) {
        return !ex.active && System.nanoTime() - idleSince >= nanos;
    }

    private void finishExchange() {
        idleSince = System.nanoTime();
        ex.finish();
        if (closing) {
            backlog.release();
            return;
        }
        drain();
    }

    /**
     * Reads from the client only while what arrives can be handled, so at most one read batch
     * waits in the backlog. While a response is pending the client is normally silent, so reading
     * stops only once something (a pipelined request) actually arrived: toggling autoRead costs
     * two epoll_ctl calls, which every request would otherwise pay.
     */
    void updateRead() {
        boolean read = !closing && backlog.isEmpty() && !ex.awaitingUpgrade()
                && (!ex.active || ex.requestDone || (!connecting && (upstream == null ? ex.responseDone : upstream.channel.isWritable())));
        client.config().setAutoRead(read);
    }

    /** Handles what waited in the backlog as far as the state allows, then resumes reading. */
    private void drain() {
        if (backlog.drain(backlogBlocked, dispatcher)) {
            flushUpstreamIfNeeded();
            updateRead();
        }
    }

    private void flushUpstreamIfNeeded() {
        if (flushUpstream) {
            flushUpstream = false;
            if (upstream != null) {
                upstream.channel.flush();
            }
        }
    }
}
