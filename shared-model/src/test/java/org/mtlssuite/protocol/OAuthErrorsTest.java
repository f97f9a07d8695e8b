package org.mtlssuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.protocol.OAuthErrors.BearerError;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

/** The one rendering path of OAuth errors: RFC 6749 5.2 bodies and RFC 6750 3 challenges. */
class OAuthErrorsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = { OAuthError.INVALID_REQUEST, OAuthError.INVALID_CLIENT, OAuthError.INVALID_GRANT,
            OAuthError.UNAUTHORIZED_CLIENT, OAuthError.UNSUPPORTED_GRANT_TYPE, OAuthError.INVALID_SCOPE, OAuthError.INVALID_TOKEN,
            OAuthError.INSUFFICIENT_SCOPE, OAuthError.INVALID_CLIENT_METADATA, OAuthError.INVALID_REDIRECT_URI,
            OAuthError.UNSUPPORTED_TOKEN_TYPE, OAuthError.UNSUPPORTED_RESPONSE_TYPE, OAuthError.ACCESS_DENIED,
            OAuthError.SERVER_ERROR, OAuthError.TEMPORARILY_UNAVAILABLE })
    void everyErrorRendersAsTheSameJsonThroughJaxRsAndAsText(String error) throws Exception {
        String expected = "{\"error\":\"" + error + "\",\"error_description\":\"what \\\"failed\\\"\"}";
        assertEquals(expected, OAuthErrors.json(error, "what \"failed\""));
        assertEquals(expected, JSON.writeValueAsString(OAuthErrors.body(error, "what \"failed\"")));
    }

    @Test
    void aMissingDescriptionIsLeftOut() {
        assertEquals("{\"error\":\"invalid_request\"}", OAuthErrors.json(OAuthError.INVALID_REQUEST, null));
    }

    @Test
    void listenerBodiesAreTheOnesTheyAlwaysWere() {
        assertEquals("{\"error\":\"temporarily_unavailable\",\"error_description\":\"the server is shutting down\"}",
                OAuthErrors.json(OAuthError.TEMPORARILY_UNAVAILABLE, "the server is shutting down"));
        assertEquals("{\"error\":\"invalid_request\",\"error_description\":\"no such endpoint\"}",
                OAuthErrors.json(OAuthError.INVALID_REQUEST, "no such endpoint"));
    }

    @Test
    void anOAuthExceptionBecomesItsStatusBodyAndHeaders() throws Exception {
        OAuthException e = OAuthException.invalidClientBasic("client_secret_basic failed: wrong client secret", "authz");
        Response r = new OAuthExceptionMapper().toResponse(e);
        assertEquals(401, r.getStatus());
        assertEquals("application/json", r.getMediaType().toString());
        assertEquals("no-store", r.getHeaderString("Cache-Control"));
        assertEquals("no-cache", r.getHeaderString("Pragma"));
        assertEquals("Basic realm=\"authz\", charset=\"UTF-8\"", r.getHeaderString("WWW-Authenticate"));
        assertEquals("{\"error\":\"invalid_client\",\"error_description\":\"client_secret_basic failed: wrong client secret\"}",
                JSON.writeValueAsString(r.getEntity()));
    }

    @Test
    void theReasonLabelNeverReachesTheResponse() throws Exception {
        OAuthException e = OAuthException.invalidClient("client authentication failed: unknown client").because(() -> "unknown_client");
        assertEquals("{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed: unknown client\"}",
                JSON.writeValueAsString(new OAuthExceptionMapper().toResponse(e).getEntity()));
    }

    @Test
    void bearerChallengeWithoutErrorNamesOnlyTheRealm() {
        assertEquals("Bearer realm=\"api\"", OAuthErrors.bearerChallenge("api", null, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = { OAuthError.INVALID_REQUEST, OAuthError.INVALID_TOKEN, OAuthError.TEMPORARILY_UNAVAILABLE })
    void bearerChallengeCarriesTheErrorAndItsDescription(String error) {
        assertEquals("Bearer realm=\"api\", error=\"" + error + "\", error_description=\"token is \\\"odd\\\"\"",
                OAuthErrors.bearerChallenge("api", BearerError.of(error, "token is \"odd\""), Optional.empty()));
    }

    @Test
    void theAuthorizationServersOwnBearerChallengesAreTheOnesTheyAlwaysWere() {
        // Admin API: a realm; registration (RFC 7591 initial and RFC 7592 registration access tokens): none.
        assertEquals("Bearer realm=\"admin\", error=\"invalid_token\"",
                OAuthErrors.bearerChallenge("admin", BearerError.invalidToken(), Optional.empty()));
        assertEquals("Bearer error=\"invalid_token\"", OAuthErrors.bearerChallenge(null, BearerError.invalidToken(), Optional.empty()));
        assertEquals("Bearer", OAuthErrors.bearerChallenge(null, null, Optional.empty()));
    }

    @Test
    void insufficientScopeNamesTheScopeNeeded() {
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"accounts:read\"",
                OAuthErrors.bearerChallenge("api", BearerError.insufficientScope("accounts:read"), Optional.empty()));
    }

    @Test
    void resourceMetadataComesLastAndEscaped() {
        assertEquals("Bearer realm=\"a\\\\b\", error=\"invalid_token\", error_description=\"x\", resource_metadata=\"https://rs/\\\"m\"",
                OAuthErrors.bearerChallenge("a\\b", BearerError.of(OAuthError.INVALID_TOKEN, "x"), Optional.of("https://rs/\"m")));
    }

    @Test
    void aDatabaseOutageAtAResourceServerUsesTheSameChallenge() {
        Response r = PersistenceFailureResponses.unavailable("rs");
        assertEquals(OAuthErrors.bearerChallenge("rs", BearerError.of(OAuthError.TEMPORARILY_UNAVAILABLE,
                "the database is unavailable; retry shortly"), Optional.empty()), r.getHeaderString("WWW-Authenticate"));
        assertNull(PersistenceFailureResponses.unavailable(null).getHeaderString("WWW-Authenticate"));
    }

    @Test
    void exceptionHeadersAreKept() {
        OAuthException e = new OAuthException(429, OAuthError.TEMPORARILY_UNAVAILABLE, "slow down", Map.of("Retry-After", "3"));
        assertEquals("3", new OAuthExceptionMapper().toResponse(e).getHeaderString("Retry-After"));
    }
}
