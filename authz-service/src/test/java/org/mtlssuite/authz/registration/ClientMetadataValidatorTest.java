package org.mtlssuite.authz.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mtlssuite.authz.registration.ClientMetadataValidator.ClientKeys;
import org.mtlssuite.authz.registration.ClientMetadataValidator.RegisteredSubject;
import org.mtlssuite.authz.registration.ClientMetadataValidator.Registrar;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.clientauth.TlsClientAuthSubject;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The validator's steps one by one, without a server: each accepts what RFC 7591 and RFC 8705 allow
 * and refuses the rest with the error code and description the registration endpoints return.
 */
class ClientMetadataValidatorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ClientMetadataValidator VALIDATOR = RegistrationJsonFuzzTest.validator();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void assertRefused(String error, String description, Executable step) {
        OAuthException e = assertThrows(OAuthException.class, step);
        assertEquals(400, e.status());
        assertEquals(error, e.error());
        assertEquals(description, e.description());
    }

    static void assertInvalidMetadata(String description, Executable step) {
        assertRefused("invalid_client_metadata", description, step);
    }

    // --- which fields a registrar may set ---------------------------------------------------------

    @Test
    void theAdminApiRefusesUnknownFieldsWhileDynamicRegistrationDropsThemAndPrivilegedOnes() {
        JsonNode m = json("{'token_endpoint_auth_method':'none','x-unknown':1,'enabled':false,'id_token_signed_response_alg':'ES256'}");
        assertInvalidMetadata("x-unknown is not a supported client metadata field",
                () -> ClientMetadataValidator.acceptedFields(m, Registrar.ADMIN));
        ObjectNode dynamic = ClientMetadataValidator.acceptedFields(m, Registrar.DYNAMIC);
        assertEquals(json("{'token_endpoint_auth_method':'none','id_token_signed_response_alg':'ES256'}"), dynamic);
        assertEquals(dynamic, ClientMetadataValidator.acceptedFields(m, Registrar.CLIENT_UPDATE));
        assertTrue(m.has("x-unknown"), "the caller's metadata is not changed");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        assertInvalidMetadata("the request body must be a JSON object of client metadata",
                () -> ClientMetadataValidator.acceptedFields(json("[]"), Registrar.DYNAMIC));
        assertInvalidMetadata("the request body must be a JSON object of client metadata",
                () -> ClientMetadataValidator.acceptedFields(null, Registrar.ADMIN));
    }

    @Test
    void everySubjectPropertyIsAKnownFieldWithItsColumnLimit() {
        for (TlsClientAuthSubject s : TlsClientAuthSubject.values()) {
            assertTrue(ClientMetadataValidator.KNOWN_FIELDS.contains(s.property), s.property);
            assertEquals(s.maxLength, ClientMetadataValidator.MAX_LENGTH.get(s.property), s.property);
        }
    }

    // --- authentication method and its subject property -------------------------------------------

    @Test
    void theAuthenticationMethodIsRequiredAndMustBeSupported() {
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH, ClientMetadataValidator.authMethod(json("{'token_endpoint_auth_method':'tls_client_auth'}")));
        assertInvalidMetadata("token_endpoint_auth_method is required", () -> ClientMetadataValidator.authMethod(json("{}")));
        assertInvalidMetadata("token_endpoint_auth_method private_key_jwt is not supported",
                () -> ClientMetadataValidator.authMethod(json("{'token_endpoint_auth_method':'private_key_jwt'}")));
        assertInvalidMetadata("token_endpoint_auth_method must be a string",
                () -> ClientMetadataValidator.authMethod(json("{'token_endpoint_auth_method':7}")));
    }

    @Test
    void tlsClientAuthTakesExactlyOneSubjectPropertyInItsSyntax() {
        assertEquals(Optional.of(new RegisteredSubject(TlsClientAuthSubject.SAN_IP, "2001:db8::10")), ClientMetadataValidator
                .subject(json("{'tls_client_auth_san_ip':'2001:db8::10'}"), ClientAuthMethod.TLS_CLIENT_AUTH));
        assertInvalidMetadata("tls_client_auth requires exactly one of [tls_client_auth_subject_dn, tls_client_auth_san_dns, "
                + "tls_client_auth_san_uri, tls_client_auth_san_ip, tls_client_auth_san_email], none given",
                () -> ClientMetadataValidator.subject(json("{}"), ClientAuthMethod.TLS_CLIENT_AUTH));
        assertInvalidMetadata("tls_client_auth requires exactly one of [tls_client_auth_subject_dn, tls_client_auth_san_dns, "
                + "tls_client_auth_san_uri, tls_client_auth_san_ip, tls_client_auth_san_email], got [tls_client_auth_san_dns, "
                + "tls_client_auth_san_email]",
                () -> ClientMetadataValidator.subject(json("{'tls_client_auth_san_email':'a@b.example','tls_client_auth_san_dns':'b.example'}"),
                        ClientAuthMethod.TLS_CLIENT_AUTH));
        assertInvalidMetadata("tls_client_auth_san_uri is not an absolute URI", () -> ClientMetadataValidator
                .subject(json("{'tls_client_auth_san_uri':'client'}"), ClientAuthMethod.TLS_CLIENT_AUTH));
        assertInvalidMetadata("tls_client_auth_subject_dn must be a non-empty string", () -> ClientMetadataValidator
                .subject(json("{'tls_client_auth_subject_dn':' '}"), ClientAuthMethod.TLS_CLIENT_AUTH));
        assertInvalidMetadata("tls_client_auth_san_dns must be a string", () -> ClientMetadataValidator
                .subject(json("{'tls_client_auth_san_dns':['a.example']}"), ClientAuthMethod.TLS_CLIENT_AUTH));
    }

    @Test
    void otherMethodsTakeNoSubjectProperty() {
        assertEquals(Optional.empty(), ClientMetadataValidator.subject(json("{}"), ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH));
        assertInvalidMetadata("tls_client_auth_san_dns is only valid with tls_client_auth", () -> ClientMetadataValidator
                .subject(json("{'tls_client_auth_san_dns':'a.example'}"), ClientAuthMethod.CLIENT_SECRET_BASIC));
    }

    // --- keys ----------------------------------------------------------------------------------------

    @Test
    void jwksAndJwksUriAreExclusiveAndChecked() {
        assertEquals(new ClientKeys(null, "https://keys.example/jwks"), VALIDATOR.keys(json("{'jwks_uri':'https://keys.example/jwks'}")));
        assertEquals(new ClientKeys(null, null), VALIDATOR.keys(json("{}")));
        assertInvalidMetadata("jwks and jwks_uri must not both be present",
                () -> VALIDATOR.keys(json("{'jwks':{'keys':[]},'jwks_uri':'https://keys.example/jwks'}")));
        assertInvalidMetadata("jwks_uri must be an absolute https URI", () -> VALIDATOR.keys(json("{'jwks_uri':'http://keys.example/jwks'}")));
        assertInvalidMetadata("jwks must be a JWK Set object", () -> VALIDATOR.keys(json("{'jwks':'keys'}")));
        assertInvalidMetadata("jwks: the JWK Set has no keys", () -> VALIDATOR.keys(json("{'jwks':{'keys':[]}}")));
    }

    @Test
    void aSelfSignedClientMustRegisterKeys() {
        ClientMetadataValidator.requireKeysOfSelfSigned(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
                new ClientKeys(null, "https://keys.example/jwks"));
        ClientMetadataValidator.requireKeysOfSelfSigned(ClientAuthMethod.TLS_CLIENT_AUTH, new ClientKeys(null, null));
        assertInvalidMetadata("self_signed_tls_client_auth requires jwks or jwks_uri", () -> ClientMetadataValidator
                .requireKeysOfSelfSigned(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, new ClientKeys(null, null)));
    }

    // --- redirect URIs, grant types, response types --------------------------------------------------

    @Test
    void redirectUrisAreAbsoluteHttpsWithoutFragment() {
        assertEquals(List.of("https://app.example/cb"), ClientMetadataValidator.redirectUris(json("{'redirect_uris':['https://app.example/cb']}")));
        assertEquals(List.of(), ClientMetadataValidator.redirectUris(json("{}")));
        assertRefused("invalid_redirect_uri", "redirect_uris: http://app.example/cb must be an absolute https URI without a fragment",
                () -> ClientMetadataValidator.redirectUris(json("{'redirect_uris':['http://app.example/cb']}")));
        assertRefused("invalid_redirect_uri", "redirect_uris: https://app.example/cb#x must be an absolute https URI without a fragment",
                () -> ClientMetadataValidator.redirectUris(json("{'redirect_uris':['https://app.example/cb#x']}")));
        assertRefused("invalid_redirect_uri", "redirect_uris: https://app example/ is not a URI",
                () -> ClientMetadataValidator.redirectUris(json("{'redirect_uris':['https://app example/']}")));
        assertInvalidMetadata("redirect_uris must be an array of strings",
                () -> ClientMetadataValidator.redirectUris(json("{'redirect_uris':'https://app.example/cb'}")));
    }

    @Test
    void grantTypesDefaultByMethodAndMustBeConsistent() {
        List<String> cb = List.of("https://app.example/cb");
        assertEquals(List.of(GrantType.AUTHORIZATION_CODE), ClientMetadataValidator.grantTypes(json("{}"), ClientAuthMethod.NONE, cb));
        assertEquals(List.of(GrantType.CLIENT_CREDENTIALS), ClientMetadataValidator.grantTypes(json("{}"), ClientAuthMethod.TLS_CLIENT_AUTH, List.of()));
        assertInvalidMetadata("grant_types: implicit is not offered (RFC 8705 6.4)", () -> ClientMetadataValidator
                .grantTypes(json("{'grant_types':['implicit']}"), ClientAuthMethod.TLS_CLIENT_AUTH, cb));
        assertInvalidMetadata("grant_types: password is not supported", () -> ClientMetadataValidator
                .grantTypes(json("{'grant_types':['password']}"), ClientAuthMethod.TLS_CLIENT_AUTH, cb));
        assertInvalidMetadata("grant_types must name at least one grant type", () -> ClientMetadataValidator
                .grantTypes(json("{'grant_types':[]}"), ClientAuthMethod.TLS_CLIENT_AUTH, cb));
        assertInvalidMetadata("grant_types: a public client (none) cannot use client_credentials", () -> ClientMetadataValidator
                .grantTypes(json("{'grant_types':['client_credentials']}"), ClientAuthMethod.NONE, cb));
        assertRefused("invalid_redirect_uri", "redirect_uris: the authorization_code grant needs at least one",
                () -> ClientMetadataValidator.grantTypes(json("{}"), ClientAuthMethod.NONE, List.of()));
        assertInvalidMetadata("grant_types: refresh_token is only issued with authorization_code", () -> ClientMetadataValidator
                .grantTypes(json("{'grant_types':['client_credentials','refresh_token']}"), ClientAuthMethod.TLS_CLIENT_AUTH, cb));
    }

    @Test
    void responseTypesAgreeWithGrantTypes() {
        assertEquals(List.of("code"), ClientMetadataValidator.responseTypes(json("{}"), List.of(GrantType.AUTHORIZATION_CODE)));
        assertEquals(List.of(), ClientMetadataValidator.responseTypes(json("{}"), List.of(GrantType.CLIENT_CREDENTIALS)));
        assertInvalidMetadata("response_types: token is not offered; only code (implicit and hybrid flows cannot bind tokens, RFC 8705 6.4)",
                () -> ClientMetadataValidator.responseTypes(json("{'response_types':['token']}"), List.of(GrantType.AUTHORIZATION_CODE)));
        assertInvalidMetadata("response_types: code goes together with the authorization_code grant",
                () -> ClientMetadataValidator.responseTypes(json("{'response_types':['code']}"), List.of(GrantType.CLIENT_CREDENTIALS)));
        assertInvalidMetadata("response_types: code goes together with the authorization_code grant",
                () -> ClientMetadataValidator.responseTypes(json("{'response_types':[]}"), List.of(GrantType.AUTHORIZATION_CODE)));
    }

    // --- scope and audience ------------------------------------------------------------------------

    @Test
    void scopesAreTokensThisServerOffers() {
        assertEquals(List.of("accounts:read", "payments:write"), VALIDATOR.scopes(json("{'scope':'accounts:read payments:write'}")));
        assertEquals(List.of(), VALIDATOR.scopes(json("{}")));
        assertInvalidMetadata("scope: admin is not offered by this server", () -> VALIDATOR.scopes(json("{'scope':'admin'}")));
        assertInvalidMetadata("scope: a\"b is not a valid scope token", () -> VALIDATOR.scopes(json("{'scope':'a\\\"b'}")));
    }

    @Test
    void theAudienceDefaultsToTheConfiguredOneAndCannotBeEmpty() {
        assertEquals(List.of("sample-resource"), VALIDATOR.audience(json("{}")));
        assertEquals(List.of("https://api.example"), VALIDATOR.audience(json("{'audience':['https://api.example']}")));
        assertInvalidMetadata("audience must name at least one resource", () -> VALIDATOR.audience(json("{'audience':[]}")));
    }

    // --- the whole --------------------------------------------------------------------------------

    @Test
    void applyWritesTheValidatedValuesAndClearsAnEarlierSubject() {
        OAuthClient client = new OAuthClient();
        client.clientId = "unit";
        client.tlsClientAuthSubjectDn = "CN=earlier";
        VALIDATOR.apply(json("{'token_endpoint_auth_method':'tls_client_auth','tls_client_auth_san_dns':'client.example',"
                + "'scope':'accounts:read','tls_client_certificate_bound_access_tokens':true}"), client, Registrar.ADMIN);
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH, client.tokenEndpointAuthMethod);
        assertNull(client.tlsClientAuthSubjectDn);
        assertEquals("client.example", client.tlsClientAuthSanDns);
        assertEquals(List.of(GrantType.CLIENT_CREDENTIALS), client.grantTypes);
        assertEquals("accounts:read", client.scope);
        assertEquals("sample-resource", client.audience);
        assertTrue(client.certificateBoundAccessTokens);
        assertFalse(client.introspectionAllowed);
        assertTrue(client.enabled);
    }

    @Test
    void aClientsOwnUpdateKeepsWhatTheAdministratorDecided() {
        OAuthClient client = new OAuthClient();
        client.clientId = "unit";
        client.introspectionAllowed = true;
        client.enabled = true;
        client.audience = "chosen-by-admin";
        VALIDATOR.apply(json("{'token_endpoint_auth_method':'tls_client_auth','tls_client_auth_san_dns':'client.example',"
                + "'introspection_allowed':false,'audience':['mine']}"), client, Registrar.CLIENT_UPDATE);
        assertTrue(client.introspectionAllowed);
        assertEquals("chosen-by-admin", client.audience);
    }

    @Test
    void aPublicClientCannotBeAllowedToIntrospect() {
        OAuthClient client = new OAuthClient();
        assertInvalidMetadata("introspection_allowed: a public client (none) cannot call introspection",
                () -> VALIDATOR.apply(json("{'token_endpoint_auth_method':'none','redirect_uris':['https://app.example/cb'],"
                        + "'introspection_allowed':true}"), client, Registrar.ADMIN));
    }

    @Test
    void theResponseShowsTheOneRegisteredSubjectPropertyAndNoSecret() {
        OAuthClient client = new OAuthClient();
        client.clientId = "unit";
        client.clientSecretHash = "$2y$hash";
        VALIDATOR.apply(json("{'token_endpoint_auth_method':'tls_client_auth','tls_client_auth_san_email':'c@client.example'}"), client,
                Registrar.ADMIN);
        var out = ClientMetadataResponse.of(client, JSON);
        assertEquals(List.of("client_id", "token_endpoint_auth_method", "tls_client_auth_san_email",
                "tls_client_certificate_bound_access_tokens", "grant_types", "scope", "audience", "introspection_allowed", "enabled"),
                List.copyOf(out.keySet()));
        assertEquals("c@client.example", out.get("tls_client_auth_san_email"));
    }
}
