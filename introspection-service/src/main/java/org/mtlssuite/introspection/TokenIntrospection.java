package org.mtlssuite.introspection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwt.JwtClaims;
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

    @Inject
    jakarta.persistence.EntityManager em;

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
        if (valid.clientId() == null || !stillActive(valid.jti(), valid.clientId())) {
            return INACTIVE;
        }
        return describe(valid.claims());
    }

    /**
     * The state a JWT cannot carry, in one round trip: not revoked, and its client still
     * registered and enabled.
     */
    private boolean stillActive(String jti, String clientId) {
        Object result = em.createNativeQuery("select exists (select 1 from oauth_client where client_id = ?1 and enabled)"
                + " and not exists (select 1 from revoked_token where jti = ?2)").setParameter(1, clientId).setParameter(2, jti)
                .getSingleResult();
        return Boolean.TRUE.equals(result);
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
