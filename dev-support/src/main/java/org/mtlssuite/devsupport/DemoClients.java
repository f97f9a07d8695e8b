package org.mtlssuite.devsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.pki.DevPkiFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;

/**
 * Registers the demo clients through the AS admin API (one per authentication method and per
 * {@code tls_client_auth_*} property, plus the resource server's own client) and lists them in the manifest.
 * As a demo convenience every demo client may also call the introspection service.
 */
public final class DemoClients {

    public static final String SCOPE = "accounts:read payments:write";
    public static final String AUDIENCE = "sample-resource";
    /** The public client of the authorization code demo: PKCE, tokens bound to whatever certificate it presents. */
    public static final String PUBLIC_APP = "demo-public-app";
    public static final String PUBLIC_APP_CERT_FIXTURE = Clients.SAN_DNS;
    public static final String PUBLIC_APP_REDIRECT_URI = "https://app.localhost/callback";
    public static final String DEMO_USER = "demo-user";

    private DemoClients() {
    }

    /** client_id, fixture, description, and the metadata fields specific to it. */
    private record Demo(String clientId, String fixture, String description, Map<String, Object> fields) {
    }

    static List<Demo> demos(DevPkiFiles pki) throws Exception {
        return List.of(
                new Demo("demo-subject-dn", Clients.SUBJECT_DN, "tls_client_auth by subject DN",
                        Map.of("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_subject_dn", Values.SUBJECT_DN)),
                new Demo("demo-san-dns", Clients.SAN_DNS, "tls_client_auth by SAN dNSName",
                        Map.of("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns", Values.SAN_DNS)),
                new Demo("demo-san-uri", Clients.SAN_URI, "tls_client_auth by SAN URI",
                        Map.of("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_uri", Values.SAN_URI)),
                new Demo("demo-san-ip", Clients.SAN_IP, "tls_client_auth by SAN iPAddress",
                        Map.of("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_ip", Values.SAN_IP_V4)),
                new Demo("demo-san-email", Clients.SAN_EMAIL, "tls_client_auth by SAN rfc822Name",
                        Map.of("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_email", Values.SAN_EMAIL)),
                new Demo("demo-self-signed", Clients.SELF_SIGNED, "self_signed_tls_client_auth with an inline jwks",
                        Map.of("token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks",
                                jwksOf(TestTls.readCertificate(pki.clientCert(Clients.SELF_SIGNED))))),
                new Demo("demo-resource-server", Clients.RESOURCE_SERVER,
                        "the sample resource server's own client (introspection caller)",
                        Map.of("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns",
                                Values.RESOURCE_SERVER_DNS)));
    }

    /** A JWK Set holding the certificate's key with the certificate as x5c (RFC 8705 2.2). */
    public static Map<String, Object> jwksOf(X509Certificate cert) throws Exception {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(cert.getPublicKey());
        jwk.setCertificateChain(cert);
        return Map.of("keys", List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
    }

    static void seed(Suite suite, SuiteManifest manifest, String adminToken) throws Exception {
        HttpClient http = suite.httpClient(null);
        ObjectMapper json = new ObjectMapper();
        Path root = suite.options().root();
        DevPkiFiles pki = suite.pki();
        for (Demo d : demos(pki)) {
            Map<String, Object> metadata = new LinkedHashMap<>(d.fields());
            metadata.put("client_id", d.clientId());
            metadata.put("client_name", d.description());
            metadata.put("tls_client_certificate_bound_access_tokens", true);
            metadata.put("scope", SCOPE);
            metadata.put("audience", List.of(AUDIENCE));
            metadata.put("introspection_allowed", true);
            URI clients = URI.create(manifest.authzAdminUrl() + "/admin/clients");
            http.send(HttpRequest.newBuilder(URI.create(clients + "/" + d.clientId())).DELETE()
                    .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(clients)
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(metadata))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("registering demo client " + d.clientId() + " failed: " + r.statusCode() + " " + r.body());
            }
            manifest.clients().add(new SuiteManifest.DemoClient(d.clientId(), (String) d.fields().get("token_endpoint_auth_method"),
                    rel(root, pki.clientCert(d.fixture())), rel(root, pki.clientKey(d.fixture())),
                    rel(root, pki.clientP12(d.fixture())), SCOPE, d.description()));
        }
    }

    /**
     * The public client and the end user of the authorization code flow: the client has no credentials
     * (RFC 8705 4: its certificate only binds tokens) and refreshes with rotation.
     */
    static void seedUser(Suite suite, SuiteManifest manifest, String adminToken, Path passwordFile) throws Exception {
        HttpClient http = suite.httpClient(null);
        ObjectMapper json = new ObjectMapper();
        Path root = suite.options().root();
        DevPkiFiles pki = suite.pki();
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("client_id", PUBLIC_APP);
        app.put("client_name", "Demo public app (authorization code + PKCE)");
        app.put("token_endpoint_auth_method", "none");
        app.put("tls_client_certificate_bound_access_tokens", true);
        app.put("grant_types", List.of("authorization_code", "refresh_token"));
        app.put("redirect_uris", List.of(PUBLIC_APP_REDIRECT_URI));
        app.put("scope", SCOPE);
        app.put("audience", List.of(AUDIENCE));
        URI clients = URI.create(manifest.authzAdminUrl() + "/admin/clients");
        http.send(HttpRequest.newBuilder(URI.create(clients + "/" + PUBLIC_APP)).DELETE()
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(clients).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(app)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering " + PUBLIC_APP + " failed: " + r.statusCode() + " " + r.body());
        }
        manifest.clients().add(new SuiteManifest.DemoClient(PUBLIC_APP, "none", rel(root, pki.clientCert(PUBLIC_APP_CERT_FIXTURE)),
                rel(root, pki.clientKey(PUBLIC_APP_CERT_FIXTURE)), rel(root, pki.clientP12(PUBLIC_APP_CERT_FIXTURE)), SCOPE,
                "public client, authorization code with PKCE; the certificate only binds its tokens"));

        String password = Files.readString(passwordFile).trim();
        HttpResponse<String> u = http.send(HttpRequest.newBuilder(URI.create(manifest.authzAdminUrl() + "/admin/users/" + DEMO_USER))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (u.statusCode() != 201 && u.statusCode() != 200) {
            throw new IllegalStateException("creating the demo user failed: " + u.statusCode() + " " + u.body());
        }
        manifest.users().add(new SuiteManifest.DemoUser(DEMO_USER, rel(root, passwordFile)));
    }

    private static String rel(Path root, Path file) {
        return root.relativize(file.toAbsolutePath()).toString();
    }

    static String p12Password() {
        return DevPki.P12_PASSWORD;
    }
}
