package io.slipway.gateway;

import io.slipway.config.GatewayConfig;
import io.slipway.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS configs and clients of the gateway tests: the test certificates under {@code src/test/resources/tls}. */
final class TlsTesting {
    /** The directory of the test certificates (CN=localhost, SAN localhost and 127.0.0.1). */
    static final Path DIR = resources();
    static final TlsConfig LOCALHOST = new TlsConfig(DIR.resolve("localhost.crt"), DIR.resolve("localhost.key"));
    static final TlsConfig ROTATED = new TlsConfig(DIR.resolve("rotated.crt"), DIR.resolve("rotated.key"));
    /** Trusts both test certificates. */
    static final TrustManagerFactory TRUSTED = trusting("localhost.crt", "rotated.crt");
    static final SSLContext TRUST = context(TRUSTED);
    static final HttpClient H2 = client(HttpClient.Version.HTTP_2);
    static final HttpClient H1 = client(HttpClient.Version.HTTP_1_1);

    private TlsTesting() {
    }

    /** {@code c} terminating TLS with the localhost certificate, HTTP/2 offered. */
    static GatewayConfig tls(GatewayConfig c) {
        return c.withTls(LOCALHOST, true);
    }

    static URI https(Gateway g, String path) {
        return URI.create("https://127.0.0.1:" + g.port() + path);
    }

    static HttpRequest.Builder request(Gateway g, String path) {
        return HttpRequest.newBuilder(https(g, path)).timeout(Duration.ofSeconds(20));
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client of its own (own connections), trusting the test certificates. */
    static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(TRUST).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static SSLContext context(TrustManagerFactory trusted) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trusted.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrustManagerFactory trusting(String... certificates) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (String name : certificates) {
                try (InputStream in = Files.newInputStream(DIR.resolve(name))) {
                    trust.setCertificateEntry(name, CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resources() {
        try {
            return Path.of(TlsTesting.class.getResource("/tls/localhost.crt").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
