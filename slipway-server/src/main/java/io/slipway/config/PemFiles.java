package io.slipway.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of a TLS listener: a certificate chain, and an unencrypted private key as
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}). The JDK reads only PKCS#8, so the two legacy forms (still
 * written by OpenSSL 1.x and many guides) are rewrapped as PKCS#8 here instead of asking every
 * user to convert them.
 */
final class PemFiles {
    /** Far above any real chain or key; stops a misconfigured path from reading a huge file. */
    private static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** AlgorithmIdentifier {rsaEncryption, NULL}. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    /** OID id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

    private record Block(String type, String body) {
    }

    private PemFiles() {
    }

    /** The certificates of {@code file} in file order (leaf first, then intermediates). */
    static List<X509Certificate> certificates(Path file) throws TlsFileException {
        String text = read(file);
        List<X509Certificate> chain = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.type().equals("CERTIFICATE")) {
                chain.add(certificate(file, decode(file, b), chain.size() + 1));
            }
        }
        if (chain.isEmpty()) {
            throw new TlsFileException(file, text.contains("PRIVATE KEY-----")
                    ? "holds a private key, not a certificate (are cert and key swapped?)"
                    : "is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    /** The first private key of {@code file}. */
    static PrivateKey privateKey(Path file) throws TlsFileException {
        String text = read(file);
        for (Block b : blocks(text)) {
            boolean legacyEncrypted = b.body().contains("Proc-Type: 4,ENCRYPTED");
            switch (b.type()) {
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                case "PRIVATE KEY" -> {
                    return pkcs8(file, decode(file, b));
                }
                case "RSA PRIVATE KEY" -> {
                    if (legacyEncrypted) {
                        throw encrypted(file);
                    }
                    return pkcs8(file, Der.tlv(Der.SEQUENCE, VERSION_0, RSA_ALGORITHM,
                            Der.tlv(Der.OCTET_STRING, decode(file, b))));
                }
                case "EC PRIVATE KEY" -> {
                    if (legacyEncrypted) {
                        throw encrypted(file);
                    }
                    return pkcs8(file, sec1ToPkcs8(file, decode(file, b)));
                }
                default -> {
                }
            }
        }
        throw new TlsFileException(file, text.contains("-----BEGIN CERTIFICATE-----")
                ? "holds a certificate, not a private key (are cert and key swapped?)"
                : "is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)");
    }

    private static String read(Path file) throws TlsFileException {
        try {
            if (Files.isDirectory(file)) {
                throw new TlsFileException(file, "is a directory, not a PEM file");
            }
            if (Files.exists(file) && (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES)) {
                throw new TlsFileException(file, "is not a PEM file (not a regular file of at most 1 MB)");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, "does not exist");
        } catch (AccessDeniedException e) {
            throw new TlsFileException(file, "is not readable by user " + System.getProperty("user.name")
                    + " (permission denied)");
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot be read: " + e);
        }
    }

    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        for (Matcher m = BLOCK.matcher(text); m.find(); ) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    private static byte[] decode(Path file, Block b) throws TlsFileException {
        String body = b.body();
        if (body.contains(":")) {
            // RFC 1421 headers (Proc-Type, DEK-Info) precede the base64 after a blank line
            int blank = body.indexOf("\n\n", body.lastIndexOf(':'));
            body = blank < 0 ? body : body.substring(blank);
        }
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new TlsFileException(file, "holds a damaged " + b.type() + " block (not base64)");
        }
    }

    private static X509Certificate certificate(Path file, byte[] der, int index) throws TlsFileException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "holds a damaged certificate (block " + index + "): " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws TlsFileException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not a key of this algorithm: try the next one
            }
        }
        throw new TlsFileException(file, "holds a private key that is damaged or neither RSA, EC nor EdDSA");
    }

    /** SEC1 carries the curve in its parameters [0]; PKCS#8 wants it in the algorithm identifier. */
    private static byte[] sec1ToPkcs8(Path file, byte[] sec1) throws TlsFileException {
        byte[] parameters;
        try {
            parameters = Der.child(sec1, 0xa0);
        } catch (IllegalArgumentException e) {
            throw new TlsFileException(file, "holds a damaged EC PRIVATE KEY block (" + e.getMessage() + ")");
        }
        if (parameters == null) {
            throw new TlsFileException(file, "holds an EC PRIVATE KEY without its curve; write it with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        return Der.tlv(Der.SEQUENCE, VERSION_0, Der.tlv(Der.SEQUENCE, EC_PUBLIC_KEY, Der.content(parameters)),
                Der.tlv(Der.OCTET_STRING, sec1));
    }

    private static TlsFileException encrypted(Path file) {
        return new TlsFileException(file, "holds an encrypted private key; the gateway needs it unencrypted"
                + " (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem) and readable only by its user");
    }
}
