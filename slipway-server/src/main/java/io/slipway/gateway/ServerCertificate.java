package io.slipway.gateway;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.slipway.config.TlsConfig;
import io.slipway.config.TlsFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context of one listener, built from its PEM files and rebuilt when they change: every
 * {@link #CHECK_EVERY} their size and modification time are compared (certbot and cert-manager
 * replace the files in place). New connections get the newest context; open ones keep theirs.
 * A change that does not load (a file half-written, a key that does not match its new certificate
 * yet) is logged, and the previous context stays until the files change again.
 *
 * <p>JDK TLS provider, TLS 1.3 and 1.2, the cipher suites HTTP/2 allows (RFC 7540 appendix A),
 * ALPN offering h2 (when enabled) and http/1.1.
 */
final class ServerCertificate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);
    /** Stat-ing two files costs microseconds; a renewed certificate is served within seconds. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private record Stamp(long certSize, FileTime certTime, long keySize, FileTime keyTime) {
        static Stamp of(TlsConfig files) {
            try {
                BasicFileAttributes cert = Files.readAttributes(files.cert(), BasicFileAttributes.class);
                BasicFileAttributes key = Files.readAttributes(files.key(), BasicFileAttributes.class);
                return new Stamp(cert.size(), cert.lastModifiedTime(), key.size(), key.lastModifiedTime());
            } catch (IOException e) {
                // missing for a moment while being replaced: reading it will say what is wrong
                return null;
            }
        }
    }

    private final String app;
    private final TlsConfig files;
    private final List<String> protocols;
    private final long handshakeMillis;
    private final AtomicInteger failedReloads = new AtomicInteger();
    private volatile SslContext context;
    private volatile X509Certificate leaf;
    private Stamp stamp;
    /** Started and stopped on the listener's event loop. */
    private ScheduledFuture<?> checks;

    private ServerCertificate(String app, TlsConfig files, boolean http2, Duration handshakeTimeout) {
        this.app = app;
        this.files = files;
        this.protocols = http2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_1_1);
        this.handshakeMillis = handshakeTimeout.toMillis();
    }

    /**
     * Loads {@code files}; {@link #watch} starts checking them for changes.
     *
     * @throws IllegalStateException if they cannot be used (the config check passed, so they changed since)
     */
    static ServerCertificate load(String app, TlsConfig files, boolean http2, Duration handshakeTimeout) {
        ServerCertificate c = new ServerCertificate(app, files, http2, handshakeTimeout);
        c.stamp = Stamp.of(files);
        try {
            c.install(files.read());
        } catch (TlsFileException | SSLException e) {
            throw new IllegalStateException("gateway " + app + ": cannot use tls " + e.getMessage(), e);
        }
        return c;
    }

    /**
     * Checks the files for changes until {@link #close}, off the event loops: a reload reads files
     * and builds a context, which must not stall traffic.
     */
    void watch() {
        if (checks == null) {
            long every = CHECK_EVERY.toMillis();
            checks = GlobalEventExecutor.INSTANCE.scheduleWithFixedDelay(this::reloadIfChanged, every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A TLS handler for one new connection, from the newest context. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeMillis);
        return handler;
    }

    /** Rebuilds the context if the files changed since the last look; true if it did. */
    synchronized boolean reloadIfChanged() {
        Stamp now = Stamp.of(files);
        if (Objects.equals(now, stamp)) {
            return false;
        }
        stamp = now;
        try {
            install(files.read());
            return true;
        } catch (TlsFileException | SSLException | RuntimeException e) {
            failedReloads.incrementAndGet();
            log.warn("tls reload failed app={} error=\"{}\" keeping subject=\"{}\" notAfter={}", app, e.getMessage(),
                    leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
            return false;
        }
    }

    /** The certificate new connections are served. */
    X509Certificate leaf() {
        return leaf;
    }

    /** Changes of the files that could not be loaded. */
    int failedReloads() {
        return failedReloads.get();
    }

    private void install(TlsConfig.Credentials credentials) throws SSLException {
        context = SslContextBuilder.forServer(credentials.key(), credentials.chain())
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols))
                .build();
        leaf = credentials.leaf();
        log.info("tls certificate loaded app={} subject=\"{}\" notAfter={} alpn={} cert={}", app,
                leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant(), protocols, files.cert());
        if (leaf.getNotAfter().before(new Date())) {
            log.warn("tls certificate expired app={} notAfter={} cert={}", app, leaf.getNotAfter().toInstant(),
                    files.cert());
        }
    }

    /** Stops checking the files. */
    @Override
    public void close() {
        if (checks != null) {
            checks.cancel(false);
        }
    }
}
