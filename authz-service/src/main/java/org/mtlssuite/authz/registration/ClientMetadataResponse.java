package org.mtlssuite.authz.registration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.oidc.OidcClientMetadata;
import org.mtlssuite.clientauth.TlsClientAuthSubject;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.store.OAuthClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The metadata of a stored client as the admin API and RFC 7591/7592 responses show it (never a
 * secret): a mutable map in a fixed field order, to which the caller adds what only it knows (a new
 * secret, the registration access token) or removes what a client must not see.
 */
final class ClientMetadataResponse {

    private ClientMetadataResponse() {
    }

    static Map<String, Object> of(OAuthClient c, ObjectMapper json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client_id", c.clientId);
        if (c.clientName != null) {
            out.put("client_name", c.clientName);
        }
        out.put("token_endpoint_auth_method", c.tokenEndpointAuthMethod);
        for (TlsClientAuthSubject subject : TlsClientAuthSubject.values()) {
            putIf(out, subject.property, subject.registeredValue(c));
        }
        if (c.jwks != null) {
            try {
                out.put("jwks", json.readTree(c.jwks));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        putIf(out, "jwks_uri", c.jwksUri);
        out.put("tls_client_certificate_bound_access_tokens", c.certificateBoundAccessTokens);
        out.put("grant_types", c.grantTypeList());
        out.put("scope", c.scope);
        out.put("audience", c.audienceList());
        out.put("introspection_allowed", c.introspectionAllowed);
        out.put("enabled", c.enabled);
        if (c.redirectUris != null) {
            out.put("redirect_uris", OAuthClient.split(c.redirectUris));
        }
        if (c.mayUse(GrantType.AUTHORIZATION_CODE)) {
            out.put("response_types", List.of("code"));
        }
        OidcClientMetadata.describe(c, out);
        return out;
    }

    private static void putIf(Map<String, Object> out, String k, Object v) {
        if (v != null) {
            out.put(k, v);
        }
    }
}
