package io.slipway.config;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS on a gateway listener, from two PEM files as nginx takes them ({@code ssl_certificate},
 * {@code ssl_certificate_key}).
 *
 * @param cert the certificate chain: the server's certificate first, then intermediates
 * @param key  its unencrypted private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA
 *             ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY})
 */
public record TlsConfig(Path cert, Path key) {
    private static final byte[] PROBE = "slipway: does this key belong to this certificate?".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    /** What the files hold: a key and the chain of the certificate it belongs to. */
    public record Credentials(PrivateKey key, List<X509Certificate> chain) {
        public Credentials {
            chain = List.copyOf(chain);
        }

        /** The server's own certificate. */
        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /**
     * Reads both files and checks that the key belongs to the first certificate.
     *
     * @throws TlsFileException naming the file that cannot be used and why
     */
    public Credentials read() throws TlsFileException {
        List<X509Certificate> chain = PemFiles.certificates(cert);
        PrivateKey privateKey = PemFiles.privateKey(key);
        if (!belongTogether(privateKey, chain.get(0).getPublicKey())) {
            throw new TlsFileException(key, "does not belong to the certificate in " + cert + " ("
                    + chain.get(0).getSubjectX500Principal().getName() + ", " + chain.get(0).getPublicKey().getAlgorithm()
                    + " key)");
        }
        return new Credentials(privateKey, chain);
    }

    /** Signs with the private key and verifies with the public one: works for every key type alike. */
    private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> privateKey.getAlgorithm(); // EdDSA, Ed25519, Ed448 sign without a digest name
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // a public key of another type than the private key cannot verify: they do not belong together
            return false;
        }
    }
}
