package org.mtlssuite.token;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Validates RFC 9068 JWT access tokens of our AS: {@code typ} {@code at+jwt} or
 * {@code application/at+jwt}, ES256/RS256/PS256 only (never {@code none} or HMAC), signature by the
 * key named by {@code kid}, issuer, expiry and not-before with a small skew, optionally an audience,
 * and optionally a maximum lifetime ({@code exp - iat}): a token minted for far longer than the AS
 * ever issues (a forged or mis-configured one) is refused, and so is one whose {@code iat} lies in the future.
 */
public final class JwtAccessTokenValidator {

    public static final Set<String> ALGORITHMS = Set.of("ES256", "RS256", "PS256");
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    /** Why a token is not valid; {@link #getMessage()} is safe to show a caller. */
    public static final class InvalidAccessTokenException extends Exception {
        public InvalidAccessTokenException(String message) {
            super(message, null, false, false);
        }
    }

    /** The claims of a valid token. */
    public record ValidToken(JwtClaims claims) {
        public String jti() {
            return string("jti");
        }

        public String clientId() {
            return string("client_id");
        }

        public String scope() {
            return string("scope");
        }

        /** {@code cnf.x5t#S256}, or null for an unbound token. */
        public String x5tS256() {
            return claims.getClaimValue("cnf") instanceof Map<?, ?> cnf && cnf.get("x5t#S256") instanceof String t ? t : null;
        }

        public long expiresAt() {
            try {
                return claims.getExpirationTime().getValue();
            } catch (MalformedClaimException e) {
                return 0;
            }
        }

        private String string(String name) {
            return claims.getClaimValue(name) instanceof String s ? s : null;
        }
    }

    private final AccessTokenKeyResolver keys;
    private final Duration maxLifetime;
    private final int skewSeconds;
    /** Built once: the key comes from the token's kid, the time check uses "now" at each call. */
    private final JwtConsumer consumer;

    /** Without a lifetime limit (see the other constructor). */
    public JwtAccessTokenValidator(AccessTokenKeyResolver keys, String issuer, int skewSeconds, Set<String> audiences) {
        this(keys, issuer, skewSeconds, audiences, null);
    }

    /**
     * @param audiences accepted audiences (one must be present), or empty to skip the audience check
     * @param maxLifetime the longest {@code exp - iat} accepted (then {@code iat} is required), or null for no limit
     */
    public JwtAccessTokenValidator(AccessTokenKeyResolver keys, String issuer, int skewSeconds, Set<String> audiences,
            Duration maxLifetime) {
        this.keys = keys;
        this.maxLifetime = maxLifetime;
        this.skewSeconds = skewSeconds;
        JwtConsumerBuilder b = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        ALGORITHMS.toArray(String[]::new)))
                .setVerificationKeyResolver((jws, nesting) -> {
                    PublicKey key = keys.keyFor(jws.getKeyIdHeaderValue(), jws.getAlgorithmHeaderValue());
                    if (key == null) {
                        throw new org.jose4j.lang.UnresolvableKeyException("unknown kid");
                    }
                    return key;
                })
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(skewSeconds);
        if (audiences.isEmpty()) {
            b.setSkipDefaultAudienceValidation();
        } else {
            b.setExpectedAudience(true, audiences.toArray(String[]::new));
        }
        this.consumer = b.build();
    }

    public ValidToken validate(String token) throws InvalidAccessTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidAccessTokenException("no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidAccessTokenException("token is too large");
        }
        JsonWebSignature jws;
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(token);
            if (!(structure instanceof JsonWebSignature s)) {
                throw new InvalidAccessTokenException("token is not a signed JWT");
            }
            jws = s;
        } catch (JoseException | RuntimeException e) {
            throw new InvalidAccessTokenException("token is not a JWT");
        }
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw new InvalidAccessTokenException("token algorithm " + alg + " is not accepted");
        }
        String typ = jws.getHeader("typ");
        if (typ == null || !(typ.equalsIgnoreCase("at+jwt") || typ.equalsIgnoreCase("application/at+jwt"))) {
            throw new InvalidAccessTokenException("token typ is not at+jwt");
        }
        String kid = jws.getKeyIdHeaderValue();
        PublicKey key = kid == null ? null : keys.keyFor(kid, alg);
        if (key == null) {
            throw new InvalidAccessTokenException("token signing key is unknown");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidAccessTokenException(describe(e));
        }
        if (maxLifetime != null) {
            checkLifetime(claims);
        }
        return new ValidToken(claims);
    }

    private void checkLifetime(JwtClaims claims) throws InvalidAccessTokenException {
        NumericDate iat;
        NumericDate exp;
        try {
            iat = claims.getIssuedAt();
            exp = claims.getExpirationTime();
        } catch (MalformedClaimException e) {
            throw new InvalidAccessTokenException("token iat or exp is not a number");
        }
        if (iat == null) {
            throw new InvalidAccessTokenException("token has no iat, so its lifetime cannot be checked");
        }
        if (iat.getValue() > NumericDate.now().getValue() + skewSeconds) {
            throw new InvalidAccessTokenException("token iat is in the future");
        }
        if (exp.getValue() - iat.getValue() > maxLifetime.toSeconds()) {
            throw new InvalidAccessTokenException("token lifetime (exp - iat) is longer than the " + maxLifetime.toSeconds()
                    + " seconds accepted");
        }
    }

    private static String describe(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "token has expired";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.NOT_YET_VALID)) {
            return "token is not yet valid";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.ISSUER_INVALID)) {
            return "token issuer is not accepted";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_INVALID)
                || e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_MISSING)) {
            return "token audience is not accepted";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID)) {
            return "token signature is invalid";
        }
        return "token is invalid";
    }
}
