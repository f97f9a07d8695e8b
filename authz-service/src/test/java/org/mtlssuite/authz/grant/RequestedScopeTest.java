package org.mtlssuite.authz.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mtlssuite.protocol.OAuthException;

/** RFC 6749 3.3: the scope every grant and the authorization endpoint grant. */
class RequestedScopeTest {

    static final List<String> ALLOWED = List.of("openid", "accounts:read", "payments:write");

    @Test
    void noRequestedScopeGrantsEverythingAllowed() {
        assertEquals("openid accounts:read payments:write", RequestedScope.grant(null, ALLOWED));
        assertEquals("", RequestedScope.grant(null, List.of()));
    }

    @Test
    void aRequestedSubsetIsGrantedInRequestOrderWithoutRepeats() {
        assertEquals("payments:write openid", RequestedScope.grant("payments:write  openid payments:write", ALLOWED));
    }

    @Test
    void aScopeOutsideTheAllowedOnesIsInvalidScopeNamingWhereTheyComeFrom() {
        OAuthException e = assertThrows(OAuthException.class, () -> RequestedScope.grant("openid admin", ALLOWED));
        assertEquals(400, e.status());
        assertEquals("invalid_scope", e.error());
        assertEquals("scope admin is not registered for this client", e.description());
        assertEquals("scope admin is not part of the original grant",
                assertThrows(OAuthException.class, () -> RequestedScope.grant("admin", ALLOWED, "part of the original grant")).description());
    }
}
