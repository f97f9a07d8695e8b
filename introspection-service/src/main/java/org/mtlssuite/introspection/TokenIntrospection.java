package org.mtlssuite.introspection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwt.JwtClaims;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.store.RevokedToken;
import org.mtlssuite.store.SigningKeyTable;
import org.mtlssuite.token.JwtAccessTokenValidator;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * RFC 7662 answers for our JWT access tokens. The signature is checked against the AS keys in the
 * shared {@code signing_key} table; what a JWT cannot carry (revocation, the client's current
 * status) is read from PostgreSQL on every call, never cached, so a revoked token reads inactive at once.
 */
@ApplicationScoped
public class TokenIntrospection {

    public static final Map<String, Object> INACTIVE = Map.of("active", false);

    @Inject
    IntrospectionConfig config;

    @Inject
    SigningKeyTable keys;

    private JwtAccessTokenValidator validator;

    @PostConstruct
    void init() {
        validator = new JwtAccessTokenValidator(keys, config.issuer(), config.clockSkewSeconds(), Set.of());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Object> introspect(String token) {
        JwtAccessTokenValidator.ValidToken valid;
        try {
            valid = validator.validate(token);
        } catch (JwtAccessTokenValidator.InvalidAccessTokenException e) {
            return INACTIVE;
        }
        if (RevokedToken.isRevoked(valid.jti())) {
            return INACTIVE;
        }
        OAuthClient client = valid.clientId() == null ? null : OAuthClient.findById(valid.clientId());
        if (client == null || !client.enabled) {
            return INACTIVE;
        }
        return describe(valid.claims());
    }

    private static Map<String, Object> describe(JwtClaims claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        copy(claims, out, "scope");
        copy(claims, out, "client_id");
        copy(claims, out, "sub");
        copy(claims, out, "aud");
        copy(claims, out, "iss");
        copy(claims, out, "exp");
        copy(claims, out, "iat");
        copy(claims, out, "nbf");
        copy(claims, out, "jti");
        out.put("token_type", "Bearer");
        copy(claims, out, "cnf");
        return out;
    }

    private static void copy(JwtClaims claims, Map<String, Object> out, String name) {
        Object v = claims.getClaimValue(name);
        if (v != null) {
            out.put(name, v);
        }
    }

}
