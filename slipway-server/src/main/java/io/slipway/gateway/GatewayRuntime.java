package io.slipway.gateway;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event loops shared by all gateways of a process: native epoll when available, NIO otherwise.
 * One loop is the measured best on 2 cores (two loops fight the load generator and the upstream
 * for CPU); each client connection and its upstream connections live on the same loop.
 */
public final class GatewayRuntime implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;

    private GatewayRuntime(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
    }

    /** Starts {@code eventLoops} event loop threads (1 is a good default), without idle polling. */
    public static GatewayRuntime create(int eventLoops) {
        return create(eventLoops, Duration.ZERO);
    }

    /**
     * Starts {@code eventLoops} event loop threads (1 is a good default) that poll for up to {@code
     * idlePoll} before they block while the load makes that pay ({@link IdlePoll}; zero: never).
     */
    public static GatewayRuntime create(int eventLoops, Duration idlePoll) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("gateway event loops: " + eventLoops + " must be at least 1");
        }
        boolean epoll = Epoll.isAvailable();
        long pollNanos = idlePoll.toNanos();
        SelectStrategyFactory strategy = pollNanos > 0 ? () -> new IdlePoll(pollNanos) : DefaultSelectStrategyFactory.INSTANCE;
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory(0, strategy)
                : NioIoHandler.newFactory(SelectorProvider.provider(), strategy);
        var threads = new DefaultThreadFactory("slipway-gateway", true);
        return new GatewayRuntime(new MultiThreadIoEventLoopGroup(eventLoops, threads, io), epoll);
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends ServerSocketChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> clientChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Whether the native epoll transport is in use. */
    public boolean nativeTransport() {
        return epoll;
    }

    /** Stops the event loops; close the gateways first. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
