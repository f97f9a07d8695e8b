package org.mtlssuite.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;

class CertificateThumbprintTest {

    static X509Certificate load(String resource) throws Exception {
        try (InputStream in = CertificateThumbprintTest.class.getResourceAsStream("/vectors/" + resource)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String text(String resource) throws Exception {
        try (InputStream in = CertificateThumbprintTest.class.getResourceAsStream("/vectors/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    @Test
    void x5tS256EqualsTheValueOpensslComputed() throws Exception {
        // thumbprint-vector.x5t-s256 came from:
        // openssl x509 -outform der | openssl dgst -sha256 -binary | basenc --base64url | tr -d '='
        assertEquals(text("thumbprint-vector.x5t-s256"), CertificateThumbprint.x5tS256(load("thumbprint-vector.pem")));
    }

    @Test
    void matchesOnlyTheSameCertificate() throws Exception {
        X509Certificate a = load("thumbprint-vector.pem");
        X509Certificate b = load("multivalued-rdn.pem");
        assertTrue(CertificateThumbprint.matches(text("thumbprint-vector.x5t-s256"), a));
        assertFalse(CertificateThumbprint.matches(text("thumbprint-vector.x5t-s256"), b));
        assertFalse(CertificateThumbprint.matches(null, a));
        assertFalse(CertificateThumbprint.matches(text("thumbprint-vector.x5t-s256"), null));
    }
}
