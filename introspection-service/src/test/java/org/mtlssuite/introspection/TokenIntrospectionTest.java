package org.mtlssuite.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.token.OpaqueToken;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The introspection decisions (RFC 7662 2.2) without HTTP: {@link TokenIntrospection} on the real
 * schema, with rows written as the AS writes them. A JWT is active only while its signature,
 * issuer and lifetime hold, its jti is not revoked and its client is enabled; a refresh token only
 * while it is stored, not rotated, unexpired, its grant not revoked and its client and user enabled.
 */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "authz"))
class TokenIntrospectionTest {

    private static final String THUMBPRINT = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2";

    @Inject
    TokenIntrospection introspection;

    @Inject
    DataSource dataSource;

    /** One signing key and one enabled client for the whole class. */
    static TokenStateFixtures db;
    static String client;

    @BeforeEach
    void publishKeyAndClientOnce() throws Exception {
        if (db != null) {
            return;
        }
        TokenStateFixtures fixtures = new TokenStateFixtures(dataSource);
        fixtures.publishSigningKey();
        String enabled = fixtures.client("introspected", true);
        // The key table is re-read for an unknown kid at most once a second: wait until this key is known.
        String probe = fixtures.accessToken(enabled, UUID.randomUUID().toString(), null);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!Boolean.TRUE.equals(wire(probe).get("active"))) {
            assertTrue(Instant.now().isBefore(deadline), "the published signing key was not picked up within 10 s");
            Thread.sleep(50);
        }
        db = fixtures;
        client = enabled;
    }

    @AfterAll
    static void removeSigningKey() throws Exception {
        if (db != null) {
            db.removeSigningKey();
        }
    }

    /** The answer as it goes over the wire (the record through Jackson): members and their order. */
    @SuppressWarnings("unchecked")
    Map<String, Object> wire(String token) {
        return WIRE.convertValue(introspection.introspect(token), java.util.LinkedHashMap.class);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper WIRE = new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    void activeCertificateBoundJwtIsDescribedWithItsClaimsAndCnf() throws Exception {
        String jti = UUID.randomUUID().toString();
        String token = db.accessToken(client, jti, Map.of("x5t#S256", THUMBPRINT));

        Map<String, Object> answer = wire(token);

        assertEquals(true, answer.get("active"), answer::toString);
        assertEquals("accounts:read", answer.get("scope"));
        assertEquals(client, answer.get("client_id"));
        assertEquals(client, answer.get("sub"));
        assertEquals("sample-resource", answer.get("aud"));
        assertEquals(TokenStateFixtures.ISSUER, answer.get("iss"));
        assertEquals(jti, answer.get("jti"));
        assertEquals(TokenIntrospection.ACCESS_TOKEN_TYPE, answer.get("token_type"));
        assertEquals(Map.of("x5t#S256", THUMBPRINT), answer.get("cnf"));
        long exp = ((Number) answer.get("exp")).longValue();
        long iat = ((Number) answer.get("iat")).longValue();
        assertEquals(300, exp - iat);
        assertEquals(List.of("active", "scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti", "token_type", "cnf"),
                List.copyOf(answer.keySet()), "the members of the RFC 7662 answer, in order");
    }

    @Test
    void jwtWhoseJtiWasRevokedIsInactive() throws Exception {
        String jti = UUID.randomUUID().toString();
        String token = db.accessToken(client, jti, null);
        assertEquals(true, wire(token).get("active"), "active before the revocation");

        db.revokeJti(jti, client);

        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(token));
    }

    @Test
    void jwtOfADisabledClientIsInactive() throws Exception {
        String disabled = db.client("disabled", false);
        String token = db.accessToken(disabled, UUID.randomUUID().toString(), null);

        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(token));
    }

    @Test
    void jwtOfAClientThatDoesNotExistIsInactive() throws Exception {
        String token = db.accessToken("never-registered-" + db.suffix, UUID.randomUUID().toString(), null);

        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(token));
    }

    @Test
    void jwtSignedByAnUnknownKeyIsInactive() throws Exception {
        TokenStateFixtures stranger = new TokenStateFixtures(dataSource);
        String token = stranger.accessToken(client, UUID.randomUUID().toString(), null);

        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(token));
    }

    @Test
    void unknownTokensAreInactive() {
        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(OpaqueToken.generate()), "an opaque value never issued");
        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect("a.b.c"), "not a JWT");
    }

    @Test
    void activeBoundRefreshTokenIsDescribedWithItsGrantAndCnf() throws Exception {
        String user = db.user("alice", true);
        String grant = db.grant(client, user, "openid accounts:read");
        // Whole seconds: the query rounds the stored timestamps to epoch seconds.
        Instant issued = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 10);
        Instant expires = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3000);
        String refresh = db.refreshToken(grant, client, THUMBPRINT, issued, expires);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("active", true);
        expected.put("scope", "openid accounts:read");
        expected.put("client_id", client);
        expected.put("sub", user);
        expected.put("iss", TokenStateFixtures.ISSUER);
        expected.put("exp", expires.getEpochSecond());
        expected.put("iat", issued.getEpochSecond());
        expected.put("token_type", TokenIntrospection.REFRESH_TOKEN_TYPE);
        expected.put("cnf", Map.of("x5t#S256", THUMBPRINT));
        Map<String, Object> answer = wire(refresh);
        assertEquals(expected, answer);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(answer.keySet()), "the members in order");
    }

    @Test
    void unboundRefreshTokenHasNoCnf() throws Exception {
        String user = db.user("bob", true);
        String grant = db.grant(client, user, "accounts:read");
        String refresh = db.refreshToken(grant, client, null, Instant.now(), Instant.now().plusSeconds(3000));

        Map<String, Object> answer = wire(refresh);

        assertEquals(true, answer.get("active"), answer::toString);
        assertTrue(!answer.containsKey("cnf"), answer::toString);
    }

    @Test
    void refreshTokenOfARevokedGrantIsInactive() throws Exception {
        String user = db.user("carol", true);
        String grant = db.grant(client, user, "accounts:read");
        String refresh = db.refreshToken(grant, client, THUMBPRINT, Instant.now(), Instant.now().plusSeconds(3000));
        assertEquals(true, wire(refresh).get("active"), "active before the revocation");

        db.revokeGrant(grant);

        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(refresh));
    }

    @Test
    void rotatedExpiredOrOrphanedRefreshTokensAreInactive() throws Exception {
        String user = db.user("dave", true);
        String grant = db.grant(client, user, "accounts:read");
        String rotated = db.refreshToken(grant, client, null, Instant.now(), Instant.now().plusSeconds(3000));
        db.rotate(rotated);
        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(rotated), "rotated away");

        String expired = db.refreshToken(grant, client, null, Instant.now().minusSeconds(100), Instant.now().minusSeconds(1));
        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(expired), "expired");

        String disabledUser = db.user("erin", false);
        String ofDisabledUser = db.refreshToken(db.grant(client, disabledUser, "accounts:read"), client, null, Instant.now(),
                Instant.now().plusSeconds(3000));
        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(ofDisabledUser), "its user is disabled");

        String disabledClient = db.client("disabled-rt", false);
        String ofDisabledClient = db.refreshToken(db.grant(disabledClient, user, "accounts:read"), disabledClient, null,
                Instant.now(), Instant.now().plusSeconds(3000));
        assertEquals(TokenIntrospection.INACTIVE, introspection.introspect(ofDisabledClient), "its client is disabled");
    }
}
