package org.mtlssuite.authz.registration;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.clientauth.JwksUriClient;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fuzzes client registration metadata (RFC 7591 JSON, admin and dynamic) through the validator the
 * endpoints use: any JSON may only be refused with invalid_client_metadata or invalid_redirect_uri
 * (400), and what it accepts is a client the server can use.
 */
class RegistrationJsonFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ClientMetadataValidator VALIDATOR = validator();

    static ClientMetadataValidator validator() {
        ClientMetadataValidator v = new ClientMetadataValidator();
        AuthzConfig.Token token = (AuthzConfig.Token) Proxy.newProxyInstance(AuthzConfig.class.getClassLoader(),
                new Class<?>[] { AuthzConfig.Token.class }, (p, m, a) -> switch (m.getName()) {
                    case "scopesSupported" -> List.of("accounts:read", "payments:write");
                    case "defaultAudience" -> List.of("sample-resource");
                    default -> null;
                });
        v.config = (AuthzConfig) Proxy.newProxyInstance(AuthzConfig.class.getClassLoader(), new Class<?>[] { AuthzConfig.class },
                (p, m, a) -> "token".equals(m.getName()) ? token : null);
        // The SSRF policy resolves host names; the fuzzer must not send DNS queries.
        v.jwksUriPolicy = new JwksUriClient() {
            @Override
            public void check(URI uri) {
            }
        };
        return v;
    }

    @FuzzTest(maxDuration = "60s")
    void registrationMetadata(FuzzedDataProvider data) {
        boolean dynamic = data.consumeBoolean();
        JsonNode metadata;
        try {
            metadata = JSON.readTree(data.consumeRemainingAsString());
        } catch (JsonProcessingException notJson) {
            return; // refused by the JSON reader before the validator (400)
        }
        OAuthClient client = new OAuthClient();
        client.clientId = "fuzzed";
        try {
            VALIDATOR.apply(metadata, client, dynamic ? ClientMetadataValidator.Registrar.DYNAMIC : ClientMetadataValidator.Registrar.ADMIN);
        } catch (OAuthException refused) {
            if (refused.status() != 400 || !List.of("invalid_client_metadata", "invalid_redirect_uri").contains(refused.error())) {
                throw new AssertionError("unexpected refusal " + refused.status() + " " + refused.error());
            }
            return;
        }
        if (client.tokenEndpointAuthMethod == null || client.grantTypes == null || client.audience == null
                || client.grantTypeList().isEmpty()) {
            throw new AssertionError("accepted metadata left the client incomplete: " + metadata);
        }
        if (client.grantTypeList().contains("authorization_code") && client.redirectUris == null) {
            throw new AssertionError("a code-flow client without redirect_uris was accepted: " + metadata);
        }
    }
}
