package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {
    static final Path TLS = resources();

    @TempDir
    Path dir;

    @Test
    void readsRelativePathsFromTheConfigFilesDirectoryAndTurnsHttp2OnWithTls() {
        GatewayConfig g = ConfigLoader.parse("""
                apps:
                  web:
                    command: run
                    gateway: { listen: ":8443", tls: { cert: localhost.crt, key: ./localhost.key } }
                """, TLS, Map.of()).app("web").gateway();

        assertThat(g.tls()).isEqualTo(new TlsConfig(TLS.resolve("localhost.crt"), TLS.resolve("localhost.key")));
        assertThat(g.http2()).isTrue();
    }

    @Test
    void http2CanBeTurnedOffAndIsOffWithoutTls() {
        GatewayConfig off = gateway("{ listen: \":8443\", http2: false, tls: { cert: localhost.crt, key: localhost.key } }");
        GatewayConfig plain = gateway("{ listen: \":8080\" }");

        assertThat(off.http2()).isFalse();
        assertThat(plain.tls()).isNull();
        assertThat(plain.http2()).isFalse();
    }

    @Test
    void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
        assertThat(new TlsConfig(TLS.resolve("localhost.crt"), TLS.resolve("localhost.key")).read().key().getAlgorithm())
                .isEqualTo("RSA");
        TlsConfig.Credentials pkcs1 = new TlsConfig(TLS.resolve("localhost.crt"), TLS.resolve("localhost-pkcs1.key")).read();
        TlsConfig.Credentials sec1 = new TlsConfig(TLS.resolve("rotated.crt"), TLS.resolve("rotated-sec1.key")).read();
        TlsConfig.Credentials ec = new TlsConfig(TLS.resolve("rotated.crt"), TLS.resolve("rotated.key")).read();

        assertThat(pkcs1.key().getEncoded())
                .isEqualTo(new TlsConfig(TLS.resolve("localhost.crt"), TLS.resolve("localhost.key")).read().key().getEncoded());
        assertThat(sec1.key().getAlgorithm()).isEqualTo("EC");
        assertThat(sec1.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(ec.key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void readsAChainLeafFirst() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(TLS.resolve("localhost.crt")) + Files.readString(TLS.resolve("rotated.crt")));

        TlsConfig.Credentials c = new TlsConfig(chain, TLS.resolve("localhost.key")).read();

        assertThat(c.chain()).hasSize(2);
        assertThat(c.leaf().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void reportsMissingAndNonPemFilesAndDirectoriesWithTheirPaths() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Files.createDirectory(dir.resolve("certs"));

        assertThat(problems("{ cert: missing.crt, key: " + TLS.resolve("localhost.key") + " }")).containsExactly(
                "apps.web.gateway.tls.cert: \"" + dir.resolve("missing.crt") + "\" does not exist");
        assertThat(problems("{ cert: notes.txt, key: " + TLS.resolve("localhost.key") + " }")).containsExactly(
                "apps.web.gateway.tls.cert: \"" + text + "\" is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        assertThat(problems("{ cert: " + TLS.resolve("localhost.crt") + ", key: notes.txt }")).containsExactly(
                "apps.web.gateway.tls.key: \"" + text + "\" is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)");
        assertThat(problems("{ cert: certs, key: " + TLS.resolve("localhost.key") + " }")).containsExactly(
                "apps.web.gateway.tls.cert: \"" + dir.resolve("certs") + "\" is a directory, not a PEM file");
    }

    @Test
    void reportsSwappedFilesAndAKeyOfAnotherCertificate() {
        Path cert = TLS.resolve("localhost.crt");
        Path key = TLS.resolve("localhost.key");

        assertThat(problems("{ cert: " + key + ", key: " + cert + " }")).containsExactly(
                "apps.web.gateway.tls.cert: \"" + key + "\" holds a private key, not a certificate"
                        + " (are cert and key swapped?)");
        assertThat(problems("{ cert: " + cert + ", key: " + TLS.resolve("rotated.key") + " }")).containsExactly(
                "apps.web.gateway.tls.key: \"" + TLS.resolve("rotated.key") + "\" does not belong to the certificate in "
                        + cert + " (CN=localhost, RSA key)");
    }

    @Test
    void reportsDamagedAndEncryptedKeys() throws IOException {
        Path encrypted = Files.writeString(dir.resolve("enc.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkq\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path damaged = Files.writeString(dir.resolve("damaged.key"),
                "-----BEGIN PRIVATE KEY-----\nAAAABBBBCCCC\n-----END PRIVATE KEY-----\n");

        assertThat(problems("{ cert: " + TLS.resolve("localhost.crt") + ", key: enc.key }")).singleElement()
                .asString().startsWith("apps.web.gateway.tls.key: \"" + encrypted + "\" holds an encrypted private key;");
        assertThat(problems("{ cert: " + TLS.resolve("localhost.crt") + ", key: damaged.key }")).containsExactly(
                "apps.web.gateway.tls.key: \"" + damaged + "\" holds a private key that is damaged or neither RSA,"
                        + " EC nor EdDSA");
    }

    @Test
    void needsBothFilesAndTlsForHttp2() {
        assertThat(problems("{ cert: " + TLS.resolve("localhost.crt") + " }")).containsExactly(
                "apps.web.gateway.tls.key: is required: the PEM private key of tls.cert");
        assertThat(problems("{ key: " + TLS.resolve("localhost.key") + " }")).containsExactly(
                "apps.web.gateway.tls.cert: is required: the PEM certificate chain that goes with tls.key");
        assertThat(gatewayProblems("{ listen: \":8080\", http2: true }")).containsExactly(
                "apps.web.gateway.http2: \"true\" needs gateway.tls: HTTP/2 is offered through TLS (ALPN h2) only,"
                        + " cleartext h2c is not supported");
        assertThat(gatewayProblems("{ listen: \":8080\", tls: on }")).containsExactly(
                "apps.web.gateway.tls: expected a mapping of cert, key");
    }

    private GatewayConfig gateway(String gateway) {
        return ConfigLoader.parse("apps:\n  web:\n    command: run\n    gateway: " + gateway + "\n", TLS, Map.of())
                .app("web").gateway();
    }

    private List<String> problems(String tls) {
        return gatewayProblems("{ listen: \":8443\", tls: " + tls + " }");
    }

    private List<String> gatewayProblems(String gateway) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "apps:\n  web:\n    command: run\n    gateway: " + gateway + "\n", dir, Map.of()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    static Path resources() {
        try {
            return Path.of(TlsConfigTest.class.getResource("/tls/localhost.crt").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
