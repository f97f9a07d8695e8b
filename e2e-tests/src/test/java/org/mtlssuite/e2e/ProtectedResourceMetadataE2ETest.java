package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.form;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.postForm;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mtlssuite.pki.DevPki.Clients;

/**
 * RFC 9728 as a client uses it: from the resource server's 401 challenge to its metadata, from there
 * to the authorization server's metadata, then a bound token from the endpoint found there, accepted.
 */
class ProtectedResourceMetadataE2ETest {

    static HttpResponse<String> get(String fixture, String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return E2eSuite.client(fixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void clientFindsTheAuthorizationServerFromTheChallengeAndGetsAnAcceptedBoundToken() throws Exception {
        String rs = E2eSuite.resourceUrl();
        HttpResponse<String> challenge = get(Clients.SAN_DNS, rs + "/accounts", null);
        assertEquals(401, challenge.statusCode());
        Matcher m = Pattern.compile("resource_metadata=\"([^\"]+)\"")
                .matcher(challenge.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(m.find(), challenge.headers().map().toString());
        String metadataUrl = m.group(1);
        assertEquals(rs + "/.well-known/oauth-protected-resource", metadataUrl);

        HttpResponse<String> metadata = get(null, metadataUrl, null);
        assertEquals(200, metadata.statusCode(), metadata.body());
        assertTrue(metadata.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Map<String, Object> prm = json(metadata);
        // RFC 9728 3.3: the resource value must be the identifier the metadata URL was built from.
        assertEquals(rs, prm.get("resource"));
        assertEquals(true, prm.get("tls_client_certificate_bound_access_tokens"));
        assertEquals(List.of("header"), prm.get("bearer_methods_supported"));
        List<String> servers = (List<String>) prm.get("authorization_servers");
        assertEquals(List.of(E2eSuite.get().manifest().issuer()), servers);

        // RFC 8414 3: the AS's metadata, whose issuer must be the one named.
        HttpResponse<String> as = get(null, servers.get(0) + "/.well-known/oauth-authorization-server", null);
        assertEquals(200, as.statusCode(), as.body());
        Map<String, Object> asm = json(as);
        assertEquals(servers.get(0), asm.get("issuer"));
        assertEquals(true, asm.get("tls_client_certificate_bound_access_tokens"));
        String tokenEndpoint = (String) ((Map<String, Object>) asm.get("mtls_endpoint_aliases")).get("token_endpoint");

        HttpResponse<String> t = postForm(Clients.SAN_DNS, tokenEndpoint,
                form("grant_type", "client_credentials", "client_id", "demo-san-dns", "scope", "accounts:read"));
        assertEquals(200, t.statusCode(), t.body());
        String token = (String) json(t).get("access_token");
        assertEquals(200, get(Clients.SAN_DNS, rs + "/accounts", token).statusCode());
    }

    @Test
    void metadataNeedsNoCertificateNorTokenAndNothingElseIsServedBelowIt() throws Exception {
        String rs = E2eSuite.resourceUrl();
        assertEquals(200, get(null, rs + "/.well-known/oauth-protected-resource", null).statusCode());
        assertEquals(404, get(null, rs + "/.well-known/oauth-protected-resource/accounts", null).statusCode());
    }
}
