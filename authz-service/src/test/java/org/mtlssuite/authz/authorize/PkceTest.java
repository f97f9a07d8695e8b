package org.mtlssuite.authz.authorize;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PkceTest {

    /** RFC 7636 Appendix B. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void appendixBExampleMatches() {
        assertTrue(Pkce.verifierMatches(VERIFIER, CHALLENGE));
        assertTrue(Pkce.isValidS256Challenge(CHALLENGE));
    }

    @Test
    void otherVerifierOrPlainChallengeDoesNotMatch() {
        assertFalse(Pkce.verifierMatches(VERIFIER.replace('d', 'e'), CHALLENGE));
        // plain: the challenge equal to the verifier must not pass S256 verification
        assertFalse(Pkce.verifierMatches(VERIFIER, VERIFIER));
        assertFalse(Pkce.verifierMatches(null, CHALLENGE));
        assertFalse(Pkce.verifierMatches(VERIFIER, null));
    }

    @Test
    void verifierSyntaxFollowsSection41() {
        assertFalse(Pkce.isValidVerifier("a".repeat(42)));
        assertTrue(Pkce.isValidVerifier("a".repeat(43)));
        assertTrue(Pkce.isValidVerifier("A-._~z".repeat(20) + "12345678"));
        assertFalse(Pkce.isValidVerifier("a".repeat(129)));
        assertFalse(Pkce.isValidVerifier("a".repeat(42) + "+"));
        assertFalse(Pkce.isValidVerifier("a".repeat(42) + "é"));
        assertFalse(Pkce.isValidS256Challenge(CHALLENGE + "="));
        assertFalse(Pkce.isValidS256Challenge(CHALLENGE.substring(1)));
    }
}
