package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.form;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki.Clients;

/**
 * SIGTERM to the AS: readiness goes DOWN at once while both listeners keep serving for the
 * shutdown delay (Kubernetes stops routing meanwhile), then the process ends by itself.
 */
class GracefulShutdownE2ETest {

    @Test
    void readinessGoesDownFirstWhileTheMtlsListenerStillIssuesTokens() throws Exception {
        Suite suite = E2eSuite.get();
        int mtlsPort = suite.freePort();
        Suite.Service as = suite.launchAuthorizationServer("shutdown-as", mtlsPort,
                Map.of("quarkus.shutdown.delay", "4s", "quarkus.shutdown.timeout", "10s"));
        suite.awaitServiceReady(as);
        var http = E2eSuite.client(null);
        URI ready = URI.create(as.managementUrl() + "/q/health/ready");
        assertEquals(200, http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

        long t0 = System.nanoTime();
        as.process().destroy(); // SIGTERM
        int readiness = 0;
        for (int i = 0; i < 40 && readiness != 503; i++) {
            readiness = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
            if (readiness != 503) {
                Thread.sleep(50);
            }
        }
        assertEquals(503, readiness, "readiness reports DOWN once shutdown begins");
        HttpResponse<String> token = E2eSuite.postForm(Clients.SAN_DNS, "https://localhost:" + mtlsPort + "/token",
                form("grant_type", "client_credentials", "client_id", "demo-san-dns"));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "still inside the shutdown delay");
        assertEquals(200, token.statusCode(), "the mTLS listener still serves during the delay: " + token.body());

        assertTrue(as.process().waitFor(30, TimeUnit.SECONDS), "the AS stops by itself after the delay");
    }
}
