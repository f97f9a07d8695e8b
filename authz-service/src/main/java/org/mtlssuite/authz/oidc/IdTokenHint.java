package org.mtlssuite.authz.oidc;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.store.TokenVerificationKeys;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Reads an {@code id_token_hint} (RP-Initiated Logout 1.0 2): an ID token this AS issued, signed by
 * one of its published keys, {@code typ: JWT} (an access token is not a hint). Its expiry does not
 * matter: a relying party logs out with the ID token it has, which may have expired.
 */
@ApplicationScoped
public class IdTokenHint {

    static final int MAX_CHARS = 16 * 1024;

    /** Who the hint names: the user and the client it was issued to. */
    public record Hint(String subject, String clientId) {
    }

    @Inject
    AuthzConfig config;

    @Inject
    TokenVerificationKeys keys;

    private JwtConsumer consumer;

    @PostConstruct
    void init() {
        consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256", "ES256"))
                .setVerificationKeyResolver((jws, nesting) -> {
                    PublicKey key = keys.keyFor(jws.getKeyIdHeaderValue(), jws.getAlgorithmHeaderValue());
                    if (key == null) {
                        throw new UnresolvableKeyException("unknown kid");
                    }
                    return key;
                })
                // The signature is still verified; the claims are checked below (exp deliberately not).
                .setSkipAllValidators()
                .build();
    }

    /** The hint's subject and client, or empty when it is not a genuine ID token of this AS. */
    public Optional<Hint> read(String idTokenHint) {
        if (idTokenHint == null || idTokenHint.isEmpty() || idTokenHint.length() > MAX_CHARS) {
            return Optional.empty();
        }
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(idTokenHint);
            if (!(structure instanceof JsonWebSignature jws) || jws.getKeyIdHeaderValue() == null
                    || !IdTokenIssuer.TYP.equals(jws.getHeader("typ"))) {
                return Optional.empty();
            }
            JwtClaims claims = consumer.processToClaims(idTokenHint);
            List<String> aud = claims.getAudience();
            if (!config.issuer().equals(claims.getIssuer()) || claims.getSubject() == null || aud == null || aud.size() != 1) {
                return Optional.empty();
            }
            return Optional.of(new Hint(claims.getSubject(), aud.get(0)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
