package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.TlsTesting.H1;
import static io.slipway.gateway.TlsTesting.request;
import static io.slipway.gateway.TlsTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS termination: HTTP/1.1 over TLS, WebSockets over TLS, plain HTTP on the TLS port, certificate reload. */
class GatewayTlsTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable(TlsTesting.tls(GatewayTesting.config()));

    @TempDir
    Path dir;

    @Test
    void servesHttp11OverTlsToAClientThatOffersOnlyHttp11() {
        HttpResponse<String> r = send(H1, request(fx.gateway, "/").build());

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(r.body()).isEqualTo("blue");
        assertThat(fx.blue.lastHeaders.getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
    }

    @Test
    void offersOnlyHttp11WhenHttp2IsOff() {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web",
                GatewayTesting.config().withTls(TlsTesting.LOCALHOST, false), GatewayTesting.noProbes(),
                table(1, slot("stable", "v1", 100, fx.blue)))) {
            HttpResponse<String> r = send(TlsTesting.H2, request(g, "/").build());

            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(r.body()).isEqualTo("blue");
        }
    }

    @Test
    void answers413OverHttp11AndTls() {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web",
                TlsTesting.tls(GatewayTesting.limits(Duration.ofSeconds(10), 1, 5, Duration.ofSeconds(5))),
                GatewayTesting.noProbes(), table(1, slot("stable", "v1", 100, fx.blue)))) {
            HttpResponse<String> r = send(TlsTesting.client(HttpClient.Version.HTTP_1_1), request(g, "/sha")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build());

            assertThat(r.statusCode()).isEqualTo(413);
        }
    }

    @Test
    void closesATlsConnectionThatSendsNoRequestWithinTheHeadTimeout() throws Exception {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web",
                TlsTesting.tls(GatewayTesting.limits(Duration.ofMillis(300), 1, 5, Duration.ofSeconds(5))),
                GatewayTesting.noProbes(), table(1, slot("stable", "v1", 100, fx.blue)));
             SSLSocket s = (SSLSocket) TlsTesting.TRUST.getSocketFactory().createSocket("127.0.0.1", g.port())) {
            SSLParameters alpn = s.getSSLParameters();
            alpn.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(alpn);
            s.startHandshake();
            s.setSoTimeout(5_000);
            long start = System.nanoTime();

            assertThat(readUntilClosed(s.getInputStream())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
        }
    }

    @Test
    void answersPlainHttpOnTheTlsPortWith400AndKeepsServing() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("https://");
        }
        assertThat(fx.gateway.status().badRequest400()).isEqualTo(1);
        assertThat(send(H1, request(fx.gateway, "/").build()).statusCode()).isEqualTo(200);
        assertThat(fx.blue.requests.get()).isEqualTo(1);
    }

    @Test
    void closesAConnectionThatSendsNeitherTlsNorHttp() throws Exception {
        try (Socket s = new Socket("127.0.0.1", fx.gateway.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("\u0001\u0002\u0003 not tls at all \r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            String answer = new String(readUntilClosed(s.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("HTTP/1.1");
        }
        assertThat(send(H1, request(fx.gateway, "/").build()).statusCode()).isEqualTo(200);
    }

    @Test
    void passesWebSocketsThroughOverTls() throws Exception {
        try (WebSocketUpstream ws = new WebSocketUpstream()) {
            fx.gateway.publish(table(2, new Slot("stable", "v2", List.of(ws.upstream()), 100)));
            BlockingQueue<String> texts = new LinkedBlockingQueue<>();
            WebSocket socket = TlsTesting.client(HttpClient.Version.HTTP_2).newWebSocketBuilder()
                    .buildAsync(URI.create("wss://127.0.0.1:" + fx.gateway.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            texts.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);

            socket.sendText("over tls", true).get(5, TimeUnit.SECONDS);

            assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: over tls");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void newConnectionsGetAReplacedCertificateAndABrokenReplacementKeepsTheOldOne() throws Exception {
        TlsConfig files = copy(TlsTesting.LOCALHOST);
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", GatewayTesting.config().withTls(files, true),
                GatewayTesting.noProbes(), table(1, slot("stable", "v1", 100, fx.blue)))) {
            ServerCertificate certificate = g.edge().certificate();
            assertThat(peerKeyAlgorithm(g)).isEqualTo("RSA");

            replace(files, "garbage\n", "garbage\n");
            assertThat(certificate.reloadIfChanged()).isFalse();
            assertThat(certificate.failedReloads()).isEqualTo(1);
            assertThat(peerKeyAlgorithm(g)).isEqualTo("RSA");

            replace(files, Files.readString(TlsTesting.ROTATED.cert()), Files.readString(TlsTesting.ROTATED.key()));
            assertThat(certificate.reloadIfChanged()).isTrue();
            assertThat(peerKeyAlgorithm(g)).isEqualTo("EC");
            assertThat(certificate.reloadIfChanged()).as("unchanged files are not read again").isFalse();
        }
    }

    @Test
    void watchesTheCertificateFilesByItself() throws Exception {
        TlsConfig files = copy(TlsTesting.LOCALHOST);
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", GatewayTesting.config().withTls(files, true),
                GatewayTesting.noProbes(), table(1, slot("stable", "v1", 100, fx.blue)))) {
            replace(files, Files.readString(TlsTesting.ROTATED.cert()), Files.readString(TlsTesting.ROTATED.key()));

            await().atMost(ServerCertificate.CHECK_EVERY.multipliedBy(3))
                    .until(() -> g.edge().certificate().leaf().getPublicKey().getAlgorithm().equals("EC"));
            assertThat(peerKeyAlgorithm(g)).isEqualTo("EC");
        }
    }

    /** What arrives until the server closes; a read timeout (the server kept it open) fails. */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (SocketException | SSLException reset) {
            return new byte[0];
        }
    }

    /** The key algorithm of the certificate a new connection is served. */
    private static String peerKeyAlgorithm(Gateway g) throws Exception {
        HttpResponse<String> r = send(TlsTesting.client(HttpClient.Version.HTTP_1_1), request(g, "/").build());
        assertThat(r.statusCode()).isEqualTo(200);
        return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getPublicKey().getAlgorithm();
    }

    private TlsConfig copy(TlsConfig from) throws Exception {
        TlsConfig to = new TlsConfig(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Files.copy(from.cert(), to.cert(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(from.key(), to.key(), StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** Rewrites both files, moving their modification time on (a filesystem may keep whole seconds only). */
    private static void replace(TlsConfig files, String cert, String key) throws Exception {
        for (Path p : List.of(files.cert(), files.key())) {
            FileTime before = Files.getLastModifiedTime(p);
            Files.writeString(p, p.equals(files.cert()) ? cert : key);
            Files.setLastModifiedTime(p, FileTime.from(before.toInstant().plusSeconds(10).isAfter(Instant.now())
                    ? before.toInstant().plusSeconds(10) : Instant.now()));
        }
    }
}
