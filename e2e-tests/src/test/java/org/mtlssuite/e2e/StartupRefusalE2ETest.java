package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.Suite;

/**
 * The AS refuses to start on broken settings, before opening a port, with one line naming the
 * setting and the problem, and exit status 1. Each case is the suite's own AS configuration with
 * one setting broken.
 */
class StartupRefusalE2ETest {

    /** Launches an AS with one override; returns its output after it exited (it must, quickly). */
    static List<String> refusal(String instance, Map<String, String> override) throws Exception {
        Suite suite = E2eSuite.get();
        Suite.Service s = suite.launchAuthorizationServer(instance, suite.freePort(), override);
        assertTrue(s.process().waitFor(60, TimeUnit.SECONDS), instance + " must exit instead of starting");
        assertEquals(1, s.process().exitValue(), instance + " exit status");
        List<String> lines = Files.readAllLines(s.log());
        assertFalse(String.join("\n", lines).contains("Exception"), "no stack trace, only the refusal: " + lines);
        assertFalse(String.join("\n", lines).contains("Listening on"), "no port was opened");
        return lines;
    }

    @Test
    void missingTrustAnchorFile() throws Exception {
        assertEquals(List.of("refusing to start: suite.client-auth.trust-anchors: /nonexistent/client-cas.pem does not exist"),
                refusal("refuse-trust-anchors", Map.of("suite.client-auth.trust-anchors", "/nonexistent/client-cas.pem")));
    }

    @Test
    void unreadableKeyStoreCertificate() throws Exception {
        String notAFile = E2eSuite.get().pki().dir().toAbsolutePath().toString();
        assertEquals(List.of("refusing to start: quarkus.tls.key-store.pem.0.cert: " + notAFile + " is not a readable file"),
                refusal("refuse-key-store", Map.of("quarkus.tls.key-store.pem.0.cert", notAFile)));
    }

    @Test
    void malformedProxyCidr() throws Exception {
        assertEquals(List.of("refusing to start: suite.certificate-source.trusted-proxies: '10.0.0.0/33' has a bad prefix length"),
                refusal("refuse-cidr", Map.of("suite.certificate-source.trusted-proxies", "10.0.0.0/33")));
    }

    @Test
    void nonHttpsIssuerInProduction() throws Exception {
        assertEquals(List.of("refusing to start: authz.issuer: must be an https URL in production, got http://as.example"),
                refusal("refuse-issuer", Map.of("authz.issuer", "http://as.example")));
    }

    @Test
    void unreachableDatabase() throws Exception {
        int closed = E2eSuite.get().freePort();
        List<String> lines = refusal("refuse-database",
                Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + closed + "/authz"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("refusing to start: quarkus.datasource.jdbc.url: the database is unreachable ("),
                lines.get(0));
    }
}
