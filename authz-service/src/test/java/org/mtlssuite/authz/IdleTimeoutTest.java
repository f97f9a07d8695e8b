package org.mtlssuite.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Idle and TLS handshake time-outs on both AS listeners, with low values: connections that never
 * send a request are closed after the idle time-out (which frees their per-address places, so a new
 * client from the same address still gets a token), and a handshake that never completes is cut
 * by the handshake time-out even while bytes keep trickling in.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
@TestProfile(IdleTimeoutTest.LowTimeouts.class)
class IdleTimeoutTest {

    public static class LowTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2S", "quarkus.tls.handshake-timeout", "1S",
                    "suite.transport.max-connections-per-address", "2");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    int port(String listener) {
        return "mtls".equals(listener) ? mtlsListener.port() : https.getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = { "mtls", "main" })
    void idleConnectionsWithoutARequestAreClosedAndANewClientStillGetsAToken(String listener) throws Exception {
        registerFresh(https.toString().replaceAll("/$", ""), Map.of("client_id", "idle-client",
                "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_subject_dn", Values.SUBJECT_DN));
        String address = "mtls".equals(listener) ? "127.0.0.6" : "127.0.0.7";
        long start = System.nanoTime();
        try (RawTlsConnection a = RawTlsConnection.open(address, port(listener), Clients.SUBJECT_DN);
                RawTlsConnection b = RawTlsConnection.open(address, port(listener), Clients.SUBJECT_DN);
                RawTlsConnection silent = RawTlsConnection.open("127.0.0.10", port(listener), Clients.SUBJECT_DN)) {
            if ("main".equals(listener)) {
                // On Quarkus' own listener a connection counts from its first request: fill both places.
                assertEquals(200, a.request("GET", "/jwks", null).status());
                assertEquals(200, b.request("GET", "/jwks", null).status());
            }
            assertTrue(a.closedByServer(), "idle connection closed by the server within the read time-out");
            assertTrue(b.closedByServer(), "idle connection closed by the server within the read time-out");
            assertTrue(silent.closedByServer(), "a connection that never sent a request is closed too");
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds >= 1, "closed by the idle time-out (2 s), not at once: " + seconds + " s");
        try (RawTlsConnection c = RawTlsConnection.open(address, port(listener), Clients.SUBJECT_DN)) {
            RawTlsConnection.Answer answer = "mtls".equals(listener)
                    ? c.request("POST", "/token", "grant_type=client_credentials&client_id=idle-client")
                    : c.request("GET", "/jwks", null);
            assertNotNull(answer, "a new connection from the same address is served");
            assertEquals(200, answer.status(), answer.body());
            assertTrue("main".equals(listener) || answer.body().contains("\"access_token\""), answer.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "mtls", "main" })
    void handshakeThatNeverCompletesIsCutEvenWhileBytesTrickleIn(String listener) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port(listener)), 5000);
            s.setSoTimeout(200);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // A TLS record header announcing a 16 KB handshake message, then its body one byte every 200 ms:
            // the idle time-out never fires (bytes keep arriving), only the handshake time-out can end this.
            out.write(new byte[] { 0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x3f, (byte) 0xfc });
            long deadline = System.nanoTime() + 15_000_000_000L;
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    out.write(0x03);
                    out.flush();
                    closed = in.read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing from the server yet
                } catch (SocketException reset) {
                    closed = true;
                }
            }
            assertTrue(closed, "the server cut the unfinished handshake");
        } catch (IOException e) {
            throw e;
        }
    }

    @Test
    void aRequestAfterTheHandshakeStillWorks() throws Exception {
        try (RawTlsConnection c = RawTlsConnection.open("127.0.0.8", https.getPort(), null)) {
            assertEquals(200, c.request("GET", "/.well-known/oauth-authorization-server", null).status());
        }
    }
}
