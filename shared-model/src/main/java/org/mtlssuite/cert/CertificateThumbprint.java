package org.mtlssuite.cert;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.nio.charset.StandardCharsets;

/**
 * RFC 8705 section 3.1 {@code x5t#S256}: base64url (no padding) of the SHA-256 hash of the
 * certificate's DER encoding, and its constant-time comparison (section 7.2).
 */
public final class CertificateThumbprint {

    private CertificateThumbprint() {
    }

    public static String x5tS256(X509Certificate certificate) {
        try {
            return x5tS256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
        }
    }

    public static String x5tS256(byte[] der) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(der);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether the certificate's thumbprint equals {@code expected}, in time independent of where they differ. */
    public static boolean matches(String expected, X509Certificate certificate) {
        if (expected == null || certificate == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                x5tS256(certificate).getBytes(StandardCharsets.US_ASCII));
    }
}
