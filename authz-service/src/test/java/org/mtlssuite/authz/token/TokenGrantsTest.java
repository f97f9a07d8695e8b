package org.mtlssuite.authz.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

/** The token endpoint's dispatch and the checks it does once for every grant (RFC 6749 5.2). */
class TokenGrantsTest {

    /** A grant that only says which type it serves; dispatch never runs it. */
    record NamedGrant(GrantType grantType) implements TokenGrant {
        @Override
        public TokenGrantResult handle(TokenRequest request) {
            throw new AssertionError("dispatch must not run the grant");
        }
    }

    static final NamedGrant CLIENT_CREDENTIALS = new NamedGrant(GrantType.CLIENT_CREDENTIALS);
    static final NamedGrant AUTHORIZATION_CODE = new NamedGrant(GrantType.AUTHORIZATION_CODE);

    final TokenGrants grants = new TokenGrants(List.of(CLIENT_CREDENTIALS, AUTHORIZATION_CODE));

    static OAuthClient registeredFor(GrantType... types) {
        OAuthClient c = new OAuthClient();
        c.clientId = "c1";
        c.grantTypes = List.of(types);
        return c;
    }

    static OAuthException refusal(Runnable r) {
        return assertThrows(OAuthException.class, r::run);
    }

    @Test
    void selectsTheGrantOfTheRequestedTypeWhenTheClientIsRegisteredForIt() {
        OAuthClient c = registeredFor(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS);
        assertSame(CLIENT_CREDENTIALS, grants.select("client_credentials", c));
        assertSame(AUTHORIZATION_CODE, grants.select("authorization_code", c));
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        OAuthException e = refusal(() -> grants.select(null, registeredFor(GrantType.CLIENT_CREDENTIALS)));
        assertEquals(400, e.status());
        assertEquals("invalid_request", e.error());
        assertEquals("grant_type is required", e.description());
    }

    @Test
    void unknownGrantTypeIsUnsupportedGrantType() {
        OAuthException e = refusal(() -> grants.select("password", registeredFor(GrantType.CLIENT_CREDENTIALS)));
        assertEquals(400, e.status());
        assertEquals("unsupported_grant_type", e.error());
        assertEquals("grant_type password is not supported", e.description());
        // Wire names are exact: no case folding.
        assertEquals("unsupported_grant_type", refusal(() -> grants.select("CLIENT_CREDENTIALS",
                registeredFor(GrantType.CLIENT_CREDENTIALS))).error());
    }

    @Test
    void knownGrantTypeWithoutAnImplementationIsUnsupportedGrantType() {
        OAuthException e = refusal(() -> grants.select("refresh_token", registeredFor(GrantType.REFRESH_TOKEN)));
        assertEquals("unsupported_grant_type", e.error());
        assertEquals("grant_type refresh_token is not supported", e.description());
    }

    @Test
    void grantTheClientIsNotRegisteredForIsUnauthorizedClient() {
        OAuthException e = refusal(() -> grants.select("client_credentials", registeredFor(GrantType.AUTHORIZATION_CODE)));
        assertEquals(400, e.status());
        assertEquals("unauthorized_client", e.error());
        assertEquals("the client is not registered for the client_credentials grant", e.description());
        assertEquals("the client is not registered for the authorization_code grant",
                refusal(() -> grants.select("authorization_code", registeredFor())).description());
    }

    @Test
    void twoImplementationsOfOneGrantTypeAreRefusedAtStart() {
        assertThrows(IllegalStateException.class,
                () -> new TokenGrants(List.of(CLIENT_CREDENTIALS, new NamedGrant(GrantType.CLIENT_CREDENTIALS))));
    }
}
