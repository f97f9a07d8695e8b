package org.mtlssuite.authz.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.oidc.AuthenticationRequest.Decision;
import org.mtlssuite.protocol.OAuthException;

/** The OpenID Connect request parameters and the prompt / max_age decision (Core 3.1.2.1, 3.1.2.6), without HTTP. */
class AuthenticationRequestTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static AuthenticationRequest parse(String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return AuthenticationRequest.parse(m::get);
    }

    static String error(Runnable r) {
        return assertThrows(OAuthException.class, r::run).error();
    }

    @Test
    void withoutParametersASessionWithRememberedConsentIssuesAtOnce() {
        AuthenticationRequest r = parse();
        assertEquals(Decision.ASK_LOGIN, r.decide(null, null, false, NOW));
        assertEquals(Decision.ASK_CONSENT, r.decide("alice", NOW, false, NOW));
        assertEquals(Decision.ISSUE, r.decide("alice", NOW, true, NOW));
    }

    @Test
    void promptNoneNeverShowsAPage() {
        AuthenticationRequest r = parse("prompt", "none");
        assertEquals("login_required", error(() -> r.decide(null, null, true, NOW)));
        assertEquals("consent_required", error(() -> r.decide("alice", NOW, false, NOW)));
        assertEquals(Decision.ISSUE, r.decide("alice", NOW, true, NOW));
        AuthenticationRequest hinted = parse("prompt", "none", "login_hint", "bob");
        assertEquals("interaction_required", error(() -> hinted.decide("alice", NOW, true, NOW)));
    }

    @Test
    void maxAgeCountsFromThePasswordEntry() {
        AuthenticationRequest r = parse("max_age", "60");
        assertEquals(Decision.ISSUE, r.decide("alice", NOW.minusSeconds(60), true, NOW));
        assertEquals(Decision.ASK_LOGIN, r.decide("alice", NOW.minusSeconds(61), true, NOW));
        assertEquals(Decision.ASK_LOGIN, parse("max_age", "0").decide("alice", NOW.minusMillis(1), true, NOW));
        assertEquals("login_required", error(() -> parse("max_age", "0", "prompt", "none").decide("alice", NOW.minusSeconds(1),
                true, NOW)));
        assertEquals(Duration.ofSeconds(60), r.maxAge());
    }

    @Test
    void promptLoginAndConsentForceTheirPage() {
        assertEquals(Decision.ASK_LOGIN, parse("prompt", "login").decide("alice", NOW, true, NOW));
        assertEquals(Decision.ASK_LOGIN, parse("prompt", "select_account").decide("alice", NOW, true, NOW));
        assertEquals(Decision.ASK_CONSENT, parse("prompt", "consent").decide("alice", NOW, true, NOW));
        assertEquals(Decision.ASK_LOGIN, parse("prompt", "login consent").decide("alice", NOW, true, NOW));
    }

    @Test
    void malformedParametersAreRefused() {
        assertEquals("invalid_request", error(() -> parse("prompt", "none login")));
        assertEquals("invalid_request", error(() -> parse("prompt", "sometimes")));
        assertEquals("invalid_request", error(() -> parse("max_age", "-1")));
        assertEquals("invalid_request", error(() -> parse("max_age", "1e3")));
        assertEquals("invalid_request", error(() -> parse("max_age", "9999999999")));
        assertEquals("invalid_request", error(() -> parse("nonce", "x".repeat(513))));
        assertEquals("invalid_request", error(() -> parse("nonce", "tab\there")));
        assertEquals("request_not_supported", error(() -> parse("request", "a.b.c")));
        assertEquals("request_uri_not_supported", error(() -> parse("request_uri", "https://rp.example/r")));
        // A useless login_hint is only ignored.
        assertNull(parse("login_hint", "x".repeat(300)).loginHint());
        assertEquals("n-1", parse("nonce", "n-1").nonce());
    }

    @Test
    void atHashIsTheLeftHalfOfTheSha256() throws Exception {
        // Core 3.1.3.6, computed here with the JDK alone.
        String token = "eyJhbGciOiJFUzI1NiJ9.e30.sig";
        byte[] full = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16));
        assertEquals(expected, IdTokenIssuer.atHash(token, org.mtlssuite.authz.keys.SigningAlgorithm.RS256));
        assertEquals(expected, IdTokenIssuer.atHash(token, org.mtlssuite.authz.keys.SigningAlgorithm.ES256));
    }
}
