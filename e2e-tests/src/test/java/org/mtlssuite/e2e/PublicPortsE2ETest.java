package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.SuiteManifest;
import org.mtlssuite.pki.DevPki.Clients;

/**
 * The built services in the production profile: health, metrics and OpenAPI are served on each
 * service's management port only, the admin API on the AS's admin listener only; on every public
 * port (AS main and mTLS listeners, introspection, RS) {@code /q/*} and {@code /admin/*} answer 404,
 * with or without a client certificate and with a valid admin token.
 */
class PublicPortsE2ETest {

    static final List<String> MANAGEMENT_PATHS = List.of("/q/health", "/q/health/live", "/q/health/ready",
            "/q/health/started", "/q/metrics", "/q/openapi", "/q/");
    static final List<String> ADMIN_PATHS = List.of("/admin/clients", "/admin/clients/demo-san-dns", "/admin/keys",
            "/admin/users/demo-user", "/admin");

    static HttpResponse<String> get(String fixture, String url, boolean withAdminToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (withAdminToken) {
            b.header("Authorization", "Bearer " + E2eSuite.adminToken());
        }
        return E2eSuite.client(fixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> publicPorts() throws Exception {
        SuiteManifest m = E2eSuite.get().manifest();
        return List.of(m.authzUrl(), m.authzMtlsUrl(), m.introspectionUrl(), m.resourceUrl());
    }

    @Test
    void managementAndAdminPathsAnswer404OnEveryPublicPort() throws Exception {
        List<String> served = new ArrayList<>();
        for (String base : publicPorts()) {
            for (String fixture : new String[] { null, Clients.SAN_DNS }) {
                for (String path : MANAGEMENT_PATHS) {
                    HttpResponse<String> r = get(fixture, base + path, false);
                    if (r.statusCode() != 404) {
                        served.add(base + path + " -> " + r.statusCode());
                    }
                }
                for (String path : ADMIN_PATHS) {
                    HttpResponse<String> r = get(fixture, base + path, true);
                    if (r.statusCode() != 404 || r.body().contains("client_id")) {
                        served.add(base + path + " (admin token) -> " + r.statusCode());
                    }
                }
            }
        }
        assertEquals(List.of(), served, "nothing private is served on a public port");
    }

    @Test
    void dotSegmentsDoNotReachManagementOrAdminPathsOnTheMtlsListener() throws Exception {
        String mtls = E2eSuite.mtlsUrl();
        for (String path : List.of("/jwks/../q/health/ready", "/x/%2e%2e/q/metrics", "/jwks/../admin/clients")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(mtls + path))
                    .header("Authorization", "Bearer " + E2eSuite.adminToken()).build();
            HttpResponse<String> r = E2eSuite.client(Clients.SAN_DNS).send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode(), path + ": " + r.body());
        }
    }

    @Test
    void healthMetricsAndOpenApiAnswerOnEachManagementPort() throws Exception {
        SuiteManifest m = E2eSuite.get().manifest();
        for (String management : List.of(m.authzManagementUrl(), m.introspectionManagementUrl(), m.resourceManagementUrl())) {
            HttpResponse<String> ready = get(null, management + "/q/health/ready", false);
            assertEquals(200, ready.statusCode(), management);
            assertTrue(ready.body().contains("\"UP\""), ready.body());
            assertEquals(200, get(null, management + "/q/health/live", false).statusCode(), management);
            HttpResponse<String> metrics = get(null, management + "/q/metrics", false);
            assertEquals(200, metrics.statusCode(), management);
            assertTrue(metrics.body().contains("agroal_active_count"), "the pool's metrics are scraped here");
            assertEquals(200, get(null, management + "/q/openapi", false).statusCode(), management);
            // The management interface serves nothing of the API.
            assertEquals(404, get(null, management + "/jwks", false).statusCode(), management);
            assertEquals(404, get(null, management + "/admin/clients", true).statusCode(), management);
        }
        E2eSuite.token("demo-san-dns", Clients.SAN_DNS);
        HttpResponse<String> asMetrics = get(null, m.authzManagementUrl() + "/q/metrics", false);
        assertTrue(asMetrics.body().contains("mtls_suite_tokens_issued_total"), "the AS's own metrics");
    }

    @Test
    void theAdminListenerServesTheAdminApiAndNothingElse() throws Exception {
        String admin = E2eSuite.adminUrl();
        HttpResponse<String> clients = get(null, admin + "/admin/clients", true);
        assertEquals(200, clients.statusCode(), clients.body());
        assertTrue(clients.body().contains("demo-san-dns"), clients.body());
        HttpResponse<String> noToken = get(null, admin + "/admin/clients", false);
        assertEquals(401, noToken.statusCode(), "the bearer token is still required on the admin listener");
        assertFalse(noToken.body().contains("demo-san-dns"));
        for (String path : List.of("/jwks", "/.well-known/oauth-authorization-server", "/q/health/ready", "/q/metrics",
                "/authorize", "/admin/../jwks")) {
            assertEquals(404, get(null, admin + path, false).statusCode(), path);
        }
        HttpResponse<String> token = E2eSuite.postForm(Clients.SAN_DNS, admin + "/token",
                E2eSuite.form("grant_type", "client_credentials", "client_id", "demo-san-dns"));
        assertEquals(404, token.statusCode(), "no token endpoint on the admin listener: " + token.body());
        assertFalse(token.body().contains("access_token"));
        // The public API is unchanged.
        assertEquals(200, get(null, E2eSuite.authzUrl() + "/jwks", false).statusCode());
        assertEquals(200, E2eSuite.postForm(Clients.SAN_DNS, E2eSuite.mtlsUrl() + "/token",
                E2eSuite.form("grant_type", "client_credentials", "client_id", "demo-san-dns")).statusCode());
    }

    @Test
    void theAdminListenerCanRequireAnAdministratorsCertificate() throws Exception {
        var suite = E2eSuite.get();
        var as = suite.launchAuthorizationServer("admin-certificate-as", suite.freePort(),
                Map.of("authz.admin.client-certificate-dns", org.mtlssuite.pki.DevPki.Values.SAN_DNS));
        try {
            suite.awaitServiceReady(as);
            String clients = as.adminUrl() + "/admin/clients";
            for (String fixture : new String[] { null, Clients.SUBJECT_DN, Clients.UNTRUSTED_CA, Clients.EXPIRED }) {
                HttpResponse<String> refused = get(fixture, clients, true);
                assertEquals(403, refused.statusCode(), fixture + ": " + refused.body());
                assertTrue(refused.body().contains("\"access_denied\""), refused.body());
                assertFalse(refused.body().contains("demo-san-dns"));
            }
            HttpResponse<String> administrator = get(Clients.SAN_DNS, clients, true);
            assertEquals(200, administrator.statusCode(), administrator.body());
            assertTrue(administrator.body().contains("demo-san-dns"));
            assertEquals(401, get(Clients.SAN_DNS, clients, false).statusCode(), "the bearer token is still required");
        } finally {
            as.process().destroy();
            as.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
