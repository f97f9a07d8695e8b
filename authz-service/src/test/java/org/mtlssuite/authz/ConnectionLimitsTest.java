package org.mtlssuite.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.transport.ConnectionLimits;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Per-address connection limit on both AS listeners: with a limit of 2, a third connection from
 * one address is refused (closed) while another address still gets a token, trusted proxies are
 * exempt, and closing connections frees their places. Each test uses its own loopback addresses.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
@TestProfile(ConnectionLimitsTest.LowLimit.class)
class ConnectionLimitsTest {

    static final String PROXY_ADDRESS = "127.0.0.9";

    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suite.transport.max-connections-per-address", "2",
                    "suite.certificate-source.trusted-proxies", PROXY_ADDRESS + "/32");
        }
    }

    static final String TOKEN_FORM = "grant_type=client_credentials&client_id=conn-limit-client";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    ConnectionLimits limits;

    static boolean registered;

    @BeforeEach
    void register() {
        if (!registered) {
            registerFresh(https.toString().replaceAll("/$", ""), Map.of("client_id", "conn-limit-client",
                    "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_subject_dn", Values.SUBJECT_DN));
            registered = true;
        }
    }

    static void await(IntSupplier value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsInt());
    }

    static void assertToken(RawTlsConnection.Answer a) {
        assertNotNull(a, "the connection was closed instead of answered");
        assertEquals(200, a.status(), a.body());
        assertTrue(a.body().contains("\"access_token\""), a.body());
    }

    @Test
    void mtlsListenerRefusesAThirdConnectionFromOneAddressWhileAnotherAddressGetsAToken() throws Exception {
        int port = mtlsListener.port();
        try (RawTlsConnection first = RawTlsConnection.open("127.0.0.2", port, Clients.SUBJECT_DN);
                RawTlsConnection second = RawTlsConnection.open("127.0.0.2", port, Clients.SUBJECT_DN)) {
            assertToken(first.request("POST", "/token", TOKEN_FORM));
            await(() -> limits.open(port, "127.0.0.2"), 2);
            try (RawTlsConnection third = RawTlsConnection.open("127.0.0.2", port, Clients.SUBJECT_DN)) {
                assertNull(third.request("POST", "/token", TOKEN_FORM), "over the limit: closed, not answered");
            }
            try (RawTlsConnection other = RawTlsConnection.open("127.0.0.3", port, Clients.SUBJECT_DN)) {
                assertToken(other.request("POST", "/token", TOKEN_FORM));
            }
            // The connections that were admitted keep working.
            assertToken(second.request("POST", "/token", TOKEN_FORM));
            assertToken(first.request("POST", "/token", TOKEN_FORM));
        }
        // Closed connections free their places.
        await(() -> limits.open(port, "127.0.0.2"), 0);
        try (RawTlsConnection again = RawTlsConnection.open("127.0.0.2", port, Clients.SUBJECT_DN)) {
            assertToken(again.request("POST", "/token", TOKEN_FORM));
        }
    }

    @Test
    void mainListenerRefusesAThirdConnectionFromOneAddressAtItsFirstRequest() throws Exception {
        int port = https.getPort();
        try (RawTlsConnection first = RawTlsConnection.open("127.0.0.4", port, null);
                RawTlsConnection second = RawTlsConnection.open("127.0.0.4", port, null)) {
            assertEquals(200, first.request("GET", "/jwks", null).status());
            assertEquals(200, second.request("GET", "/jwks", null).status());
            try (RawTlsConnection third = RawTlsConnection.open("127.0.0.4", port, null)) {
                assertNull(third.request("GET", "/jwks", null), "over the limit: closed, not answered");
            }
            try (RawTlsConnection other = RawTlsConnection.open("127.0.0.5", port, null)) {
                assertEquals(200, other.request("GET", "/jwks", null).status());
            }
            assertEquals(200, first.request("GET", "/jwks", null).status());
        }
    }

    @Test
    void trustedProxyIsExemptFromThePerAddressLimit() throws Exception {
        List<RawTlsConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                RawTlsConnection c = RawTlsConnection.open(PROXY_ADDRESS, mtlsListener.port(), Clients.PROXY);
                open.add(c);
                // (From a trusted proxy the certificate would come from a forwarded header: ask for metadata instead.)
                assertEquals(200, c.request("GET", "/.well-known/oauth-authorization-server", null).status());
            }
            for (int i = 0; i < 5; i++) {
                RawTlsConnection c = RawTlsConnection.open(PROXY_ADDRESS, https.getPort(), null);
                open.add(c);
                assertEquals(200, c.request("GET", "/jwks", null).status());
            }
        } finally {
            for (RawTlsConnection c : open) {
                c.close();
            }
        }
    }
}
