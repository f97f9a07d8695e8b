package org.mtlssuite.devsupport;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPkiFiles;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import org.apache.http.conn.ssl.SSLSocketFactory;

/**
 * TLS client contexts for tests and the launcher: trust the dev CA, and present a dev PKI client
 * certificate (or none). Built with the JDK only, independently of production code.
 */
public final class TestTls {

    private TestTls() {
    }

    /** Trusts the dev CA; presents the client fixture's certificate, or none when {@code fixture} is null. */
    public static SSLContext context(DevPkiFiles pki, String fixture) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("dev-ca", readCertificate(pki.caCert()));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (fixture != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(pki.clientP12(fixture))) {
                    keys.load(in, DevPki.P12_PASSWORD.toCharArray());
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, DevPki.P12_PASSWORD.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS context for " + fixture + ": " + e.getMessage(), e);
        }
    }

    /**
     * A REST Assured configuration whose connections trust the dev CA and present the client
     * fixture's certificate (or none when {@code fixture} is null).
     */
    @SuppressWarnings("deprecation") // REST Assured still takes HttpClient 4's socket factory
    public static RestAssuredConfig restAssured(DevPkiFiles pki, String fixture) {
        SSLSocketFactory factory = new SSLSocketFactory(
                context(pki, fixture), SSLSocketFactory.STRICT_HOSTNAME_VERIFIER);
        return RestAssuredConfig.config()
                .sslConfig(SSLConfig.sslConfig().sslSocketFactory(factory));
    }

    /** The first certificate of a PEM file (the leaf). */
    public static X509Certificate readCertificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
