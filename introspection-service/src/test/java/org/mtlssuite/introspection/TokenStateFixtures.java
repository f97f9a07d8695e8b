package org.mtlssuite.introspection;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.mtlssuite.token.OpaqueToken;

/**
 * Rows in the AS's tables as the AS writes them (clients, a signing key, users, grants, refresh
 * tokens, revocations), written with plain SQL so that the tests do not depend on the code under
 * test, and JWT access tokens signed the way the AS signs them (ES256, {@code typ at+jwt}). Every
 * name carries a random suffix: the database is shared by the test classes of this JVM.
 */
final class TokenStateFixtures {

    static final String ISSUER = "https://localhost:8443";

    final DataSource dataSource;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String kid = "test-es256-" + suffix;
    final KeyPair key;

    TokenStateFixtures(DataSource dataSource) throws Exception {
        this.dataSource = dataSource;
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        key = g.generateKeyPair();
    }

    /**
     * The public half in the signing_key table. Introspection trusts every key there; the row is
     * marked retired because its "sealed" private key is a placeholder, and an AS sharing this
     * database (SUITE_POSTGRES_HOST) opens the private key of each current key.
     */
    void publishSigningKey() throws Exception {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.getPublic());
        jwk.setKeyId(kid);
        update("insert into signing_key (kid, algorithm, status, public_jwk, private_key_sealed, activated_at, retired_at)"
                + " values (?, 'ES256', 'retired', ?, ?, now(), now())", kid, jwk.toJson(), new byte[] { 0 });
    }

    void removeSigningKey() throws SQLException {
        update("delete from signing_key where kid = ?", kid);
    }

    String client(String name, boolean enabled) throws SQLException {
        String clientId = name + "-" + suffix;
        update("insert into oauth_client (client_id, token_endpoint_auth_method, tls_client_auth_subject_dn, grant_types, scope, enabled)"
                + " values (?, 'tls_client_auth', ?, 'client_credentials authorization_code refresh_token', 'accounts:read', ?)",
                clientId, "CN=" + clientId, enabled);
        return clientId;
    }

    String user(String name, boolean enabled) throws SQLException {
        String username = name + "-" + suffix;
        update("insert into end_user (username, password_hash, enabled) values (?, 'not-a-hash', ?)", username, enabled);
        return username;
    }

    String grant(String clientId, String subject, String scope) throws SQLException {
        String grantId = "grant-" + UUID.randomUUID();
        update("insert into authorization_grant (grant_id, client_id, subject, scope, expires_at) values (?, ?, ?, ?, ?)",
                grantId, clientId, subject, scope, Timestamp.from(Instant.now().plusSeconds(3600)));
        return grantId;
    }

    /** A refresh token under the grant; returns the token value (only its hash is stored). */
    String refreshToken(String grantId, String clientId, String x5tS256, Instant issuedAt, Instant expiresAt) throws SQLException {
        String token = OpaqueToken.generate();
        update("insert into refresh_token (token_hash, grant_id, client_id, x5t_s256, issued_at, expires_at) values (?, ?, ?, ?, ?, ?)",
                OpaqueToken.hash(token), grantId, clientId, x5tS256, Timestamp.from(issuedAt), Timestamp.from(expiresAt));
        return token;
    }

    void revokeGrant(String grantId) throws SQLException {
        update("update authorization_grant set revoked_at = now() where grant_id = ?", grantId);
    }

    void rotate(String refreshToken) throws SQLException {
        update("update refresh_token set rotated_at = now() where token_hash = ?", OpaqueToken.hash(refreshToken));
    }

    void revokeJti(String jti, String clientId) throws SQLException {
        update("insert into revoked_token (jti, client_id, expires_at) values (?, ?, ?)", jti, clientId,
                Timestamp.from(Instant.now().plusSeconds(600)));
    }

    /** An access token as the AS's AccessTokenIssuer writes it. */
    String accessToken(String clientId, String jti, Map<String, Object> cnf) throws Exception {
        long now = Instant.now().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(clientId);
        claims.setClaim("client_id", clientId);
        claims.setAudience("sample-resource");
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 300));
        claims.setJwtId(jti);
        claims.setClaim("scope", "accounts:read");
        if (cnf != null) {
            claims.setClaim("cnf", cnf);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "at+jwt");
        jws.setKey(key.getPrivate());
        return jws.getCompactSerialization();
    }

    void update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
