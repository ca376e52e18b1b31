package io.slipway.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * Benchmark reference, run by {@code FLOOR=1 bench/gateway}, never by the build: the floor of any
 * gateway built on Netty's epoll transport. A TCP pass-through with the gateway's transport settings
 * (one event loop, TCP_NODELAY, the same receive buffer sizes, the same JVM options in the script):
 * each client connection gets its own upstream connection on the same loop, and bytes go through
 * untouched, one flush per read batch. No HTTP parsing, routing, headers or metrics, so whatever the
 * gateway measures above this is the cost of its HTTP work (docs/performance.md, "The floor").
 *
 * <p>Usage: {@code PassThroughProxy <listen port> <upstream port> [work nanos [idle poll nanos]]}, both
 * on 127.0.0.1; prints {@code pass-through ready} once listening and runs until killed. With {@code
 * work nanos}, every read on either side first keeps the event loop busy that long (two reads per
 * request), a stand-in for HTTP work of known cost; with {@code idle poll nanos} the loop polls before
 * it blocks as the gateway's does with {@code server.gatewayIdlePoll} ({@link IdlePoll}). {@code
 * FLOOR_WORK} in {@code bench/gateway} uses both to show how the p99 ratio follows CPU per request and
 * polling on the machine at hand.
 */
public final class PassThroughProxy {
    private PassThroughProxy() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: PassThroughProxy <listen port> <upstream port> [work nanos per read [idle poll nanos]]");
            System.exit(2);
        }
        int listen = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        long workNanos = args.length >= 3 ? Long.parseLong(args[2]) : 0;
        long pollNanos = args.length == 4 ? Long.parseLong(args[3]) : 0;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, pollNanos > 0
                ? EpollIoHandler.newFactory(0, () -> new IdlePoll(pollNanos)) : EpollIoHandler.newFactory());
        new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 2048, 65536))
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        Pass toUpstream = new Pass(workNanos);
                        client.pipeline().addLast(toUpstream);
                        new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                                .option(ChannelOption.TCP_NODELAY, true)
                                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 2048, 65536))
                                .handler(new Pass(client, workNanos))
                                .connect("127.0.0.1", upstream).addListener((ChannelFuture f) -> {
                                    if (f.isSuccess() && !client.isActive()) {
                                        f.channel().close(); // the client left while this connected
                                    } else if (f.isSuccess()) {
                                        toUpstream.peer = f.channel();
                                        client.config().setAutoRead(true);
                                    } else {
                                        client.close();
                                    }
                                });
                    }
                }).bind("127.0.0.1", listen).sync();
        System.out.println("pass-through ready");
        Thread.currentThread().join();
    }

    /** Writes what its channel reads to the peer, flushing once per read batch; closes the peer with it. */
    private static final class Pass extends ChannelInboundHandlerAdapter {
        private final long workNanos;
        private Channel peer;
        private boolean written;

        Pass(long workNanos) {
            this.workNanos = workNanos;
        }

        Pass(Channel peer, long workNanos) {
            this.peer = peer;
            this.workNanos = workNanos;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (workNanos > 0) {
                busy(workNanos);
            }
            peer.write(msg, peer.voidPromise());
            written = true;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (written) {
                written = false;
                peer.flush();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer != null) {
                peer.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /**
     * Keeps the calling thread on the CPU for {@code nanos}, as work would. No {@code onSpinWait}: in a
     * VM a loop of PAUSE instructions can make the hypervisor take the CPU away (pause-loop exiting).
     */
    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            // nanoTime is the work: the JIT cannot drop the call
        }
    }
}
