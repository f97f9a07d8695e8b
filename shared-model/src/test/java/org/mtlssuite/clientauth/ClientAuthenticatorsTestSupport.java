package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.function.Executable;
import org.mtlssuite.pki.DevPkiFiles;
import org.mtlssuite.protocol.OAuthException;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What the authenticators' unit tests share: the real configuration mapping and dev-PKI chains. */
final class ClientAuthenticatorsTestSupport {

    private ClientAuthenticatorsTestSupport() {
    }

    /** {@link ClientAuthConfig} as SmallRye Config maps it: its defaults, overridden by {@code settings}. */
    static ClientAuthConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder().withMapping(ClientAuthConfig.class)
                .withSources(new PropertiesConfigSource(new HashMap<>(settings), "test", 500)).build()
                .getConfigMapping(ClientAuthConfig.class);
    }

    /** A client fixture's chain as its PEM file holds it, leaf first. */
    static List<X509Certificate> chain(DevPkiFiles pki, String fixture) throws Exception {
        return read(pki.clientCert(fixture));
    }

    static List<X509Certificate> read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream().map(X509Certificate.class::cast)
                    .toList();
        }
    }

    /** Asserts a 401 invalid_client refusal with exactly this description and returns it. */
    static OAuthException assertInvalidClient(String description, Executable call) {
        OAuthException e = assertThrows(OAuthException.class, call);
        assertEquals(401, e.status());
        assertEquals("invalid_client", e.error());
        assertEquals(description, e.description());
        return e;
    }
}
