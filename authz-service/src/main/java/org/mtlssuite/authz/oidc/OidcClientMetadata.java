package org.mtlssuite.authz.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mtlssuite.authz.keys.SigningAlgorithm;
import org.mtlssuite.authz.keys.SigningKeyLifecycle;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * The OpenID Connect client metadata this AS understands, validated and stored beside the RFC 7591
 * fields: {@code id_token_signed_response_alg} (Registration 2; RS256 when absent, ES256 by choice,
 * never {@code none}) and {@code post_logout_redirect_uris} (RP-Initiated Logout 1.0 3.1).
 */
public final class OidcClientMetadata {

    public static final Set<String> FIELDS = Set.of("id_token_signed_response_alg", "post_logout_redirect_uris");

    private OidcClientMetadata() {
    }

    public static void apply(JsonNode m, OAuthClient client) {
        JsonNode alg = m.get("id_token_signed_response_alg");
        client.idTokenSignedResponseAlg = null;
        if (alg != null && !alg.isNull()) {
            List<String> offered = SigningKeyLifecycle.ID_TOKEN_ALGORITHMS.stream().map(SigningAlgorithm::getAlgorithm).toList();
            if (!alg.isTextual() || !offered.contains(alg.asText())) {
                throw OAuthException.invalidClientMetadata("id_token_signed_response_alg must be one of " + offered);
            }
            client.idTokenSignedResponseAlg = alg.asText();
        }
        JsonNode uris = m.get("post_logout_redirect_uris");
        client.postLogoutRedirectUris = null;
        if (uris != null && !uris.isNull()) {
            if (!uris.isArray()) {
                throw OAuthException.invalidClientMetadata("post_logout_redirect_uris must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode u : uris) {
                if (!u.isTextual() || !isHttpsWithoutFragment(u.asText())) {
                    throw OAuthException.invalidClientMetadata(
                            "post_logout_redirect_uris: each must be an absolute https URI without a fragment");
                }
                out.add(u.asText());
            }
            client.postLogoutRedirectUris = out.isEmpty() ? null : String.join(" ", out);
        }
    }

    public static void describe(OAuthClient c, Map<String, Object> out) {
        if (c.idTokenSignedResponseAlg != null) {
            out.put("id_token_signed_response_alg", c.idTokenSignedResponseAlg);
        }
        if (c.postLogoutRedirectUris != null) {
            out.put("post_logout_redirect_uris", OAuthClient.split(c.postLogoutRedirectUris));
        }
    }

    private static boolean isHttpsWithoutFragment(String value) {
        try {
            URI u = new URI(value);
            return u.isAbsolute() && "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && u.getFragment() == null
                    && !value.chars().anyMatch(Character::isWhitespace);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
