package org.mtlssuite.authz.registration;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.clientauth.JwksUriClient;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.ColumnLimits;
import org.mtlssuite.store.OAuthClient;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Fuzzes client registration metadata (RFC 7591 JSON, admin and dynamic) through the validator the
 * endpoints use: any JSON may only be refused with invalid_client_metadata or invalid_redirect_uri
 * (400), and what it accepts is a client the server can use.
 */
class RegistrationJsonFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ClientMetadataValidator VALIDATOR = validator();

    static ClientMetadataValidator validator() {
        // The real configuration mapping: its defaults (scopes accounts:read and payments:write, audience
        // sample-resource) and the three settings without one.
        AuthzConfig config = new SmallRyeConfigBuilder().withMapping(AuthzConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("authz.issuer", "https://localhost:8443",
                        "authz.mtls-base-url", "https://localhost:8444", "authz.key-protection.secret", "unit-test-secret"),
                        "test", 500))
                .build().getConfigMapping(AuthzConfig.class);
        // The SSRF policy resolves host names; the fuzzer must not send DNS queries.
        JwksUriClient noDnsPolicy = new JwksUriClient() {
            @Override
            public void check(URI uri) {
            }
        };
        return new ClientMetadataValidator(config, noDnsPolicy);
    }

    static final List<String> FIELDS = List.copyOf(new java.util.TreeSet<>(ClientMetadataValidator.KNOWN_FIELDS));
    static final List<String> VALUES = List.of("none", "tls_client_auth", "self_signed_tls_client_auth", "client_secret_basic",
            "authorization_code", "refresh_token", "client_credentials", "implicit", "code", "token", "https://a.example/cb",
            "http://a.example/cb", "https://a.example/cb#f", "CN=x,O=y", "a.example", "192.0.2.1", "x@example.com",
            "accounts:read", "payments:write", "sample-resource", "");

    /** An object of known fields with plausible and implausible values: reaches the validator's branches. */
    static JsonNode structured(FuzzedDataProvider data) {
        com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
        int n = data.consumeInt(0, 12);
        for (int i = 0; i < n; i++) {
            String field = data.consumeBoolean() ? data.pickValue(FIELDS) : data.consumeString(16);
            switch (data.consumeInt(0, 5)) {
                case 0 -> o.put(field, data.pickValue(VALUES));
                case 1 -> o.put(field, data.consumeString(64));
                case 2 -> o.put(field, data.consumeBoolean());
                case 3 -> o.put(field, data.consumeInt());
                case 4 -> {
                    var a = o.putArray(field);
                    int m = data.consumeInt(0, 4);
                    for (int j = 0; j < m; j++) {
                        a.add(data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(32));
                    }
                }
                default -> o.putObject(field).put("keys", data.consumeString(32));
            }
        }
        return o;
    }

    @FuzzTest(maxDuration = "60s")
    void registrationMetadata(FuzzedDataProvider data) {
        boolean dynamic = data.consumeBoolean();
        JsonNode metadata;
        if (data.consumeBoolean()) {
            metadata = structured(data);
        } else {
            try {
                metadata = JSON.readTree(data.consumeRemainingAsString());
            } catch (JsonProcessingException notJson) {
                return; // refused by the JSON reader before the validator (400)
            }
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
        if (client.mayUse(org.mtlssuite.protocol.GrantType.AUTHORIZATION_CODE) && client.redirectUris == null) {
            throw new AssertionError("a code-flow client without redirect_uris was accepted: " + metadata);
        }
        // Whatever is accepted can be stored: no NUL, no broken UTF-8, every column within its limit.
        storable("client_name", client.clientName, ColumnLimits.CLIENT_NAME);
        // The column values, as the entity's converters write them.
        storable("token_endpoint_auth_method", new org.mtlssuite.protocol.ClientAuthMethod.Column().convertToDatabaseColumn(
                client.tokenEndpointAuthMethod), ColumnLimits.METHOD_NAME);
        storable("tls_client_auth_subject_dn", client.tlsClientAuthSubjectDn, ColumnLimits.SUBJECT_DN);
        storable("tls_client_auth_san_dns", client.tlsClientAuthSanDns, ColumnLimits.SAN_DNS);
        storable("tls_client_auth_san_uri", client.tlsClientAuthSanUri, ColumnLimits.URI);
        storable("tls_client_auth_san_ip", client.tlsClientAuthSanIp, ColumnLimits.SAN_IP);
        storable("tls_client_auth_san_email", client.tlsClientAuthSanEmail, ColumnLimits.SAN_EMAIL);
        storable("jwks", client.jwks, ColumnLimits.JWKS);
        storable("jwks_uri", client.jwksUri, ColumnLimits.URI);
        storable("redirect_uris", client.redirectUris, ColumnLimits.REDIRECT_URIS);
        storable("scope", client.scope, ColumnLimits.SCOPE);
        storable("audience", client.audience, ColumnLimits.AUDIENCE);
        storable("grant_types", new org.mtlssuite.protocol.GrantType.ListColumn().convertToDatabaseColumn(client.grantTypes),
                ColumnLimits.SCOPE);
    }

    static void storable(String column, String value, int limit) {
        String problem = InputValidation.problem(value, limit);
        if (problem != null) {
            throw new AssertionError("accepted metadata cannot be stored: " + column + " " + problem);
        }
    }
}
