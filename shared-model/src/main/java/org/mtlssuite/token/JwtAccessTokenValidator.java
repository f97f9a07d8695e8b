package org.mtlssuite.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jose4j.jwt.consumer.ErrorCodes;

/**
 * Validates RFC 9068 JWT access tokens of our AS: {@code typ} {@code at+jwt} or
 * {@code application/at+jwt}, ES256/RS256/PS256 only (never {@code none} or HMAC), signature by the
 * key named by {@code kid}, issuer, expiry and not-before with a small skew, optionally an audience,
 * and optionally a maximum lifetime ({@code exp - iat}): a token minted for far longer than the AS
 * ever issues (a forged or mis-configured one) is refused, and so is one whose {@code iat} lies in the future.
 *
 * <p>Verified signatures are remembered (bounded, keyed by the SHA-256 of the token, each until the
 * token's {@code exp} plus the skew): a token seen again skips the parse and the signature check
 * only. Every other check runs on every call: {@code alg}, {@code typ}, its {@code kid} must still
 * resolve to the very key that verified it (a retired or unpublished key ends the entry), and the
 * issuer, expiry, not-before, {@code jti}, audience and lifetime rules. What the caller checks after (binding,
 * scope, revocation) is untouched.
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

    /** The claims of a valid token; read-only (a remembered token's claims serve every call that presents it). */
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

    /** Verified tokens remembered at most (a few KiB each). */
    public static final int DEFAULT_REMEMBERED_TOKENS = 4_096;

    /** A token whose signature {@code key} verified: its parsed form, read-only from then on. */
    private record Verified(JwtContext context, JsonWebSignature jws, PublicKey key) {
    }

    /** SHA-256 of a token's compact serialization. */
    private record TokenHash(long a, long b, long c, long d) {
        static TokenHash of(String token) {
            try {
                ByteBuffer h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
                return new TokenHash(h.getLong(), h.getLong(), h.getLong(), h.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }

    private static final AlgorithmConstraints PERMITTED = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            ALGORITHMS.toArray(String[]::new));

    private final AccessTokenKeyResolver keys;
    /**
     * The claim rules, built once (the time checks use "now" at each call). The signature is checked
     * before, by {@link #verifySignature}, with the key that {@link #keyOf} resolved: the key that
     * verified a token is the key remembered with it.
     */
    private final JwtConsumer claimRules;
    private final Duration maxLifetime;
    private final int skewSeconds;
    /** Null when remembering is off. */
    private final Cache<TokenHash, Verified> verified;

    /** Without a lifetime limit, remembering {@link #DEFAULT_REMEMBERED_TOKENS} verified tokens. */
    public JwtAccessTokenValidator(AccessTokenKeyResolver keys, String issuer, int skewSeconds, Set<String> audiences) {
        this(keys, issuer, skewSeconds, audiences, null, DEFAULT_REMEMBERED_TOKENS);
    }

    /** With a lifetime limit (see the main constructor), remembering {@link #DEFAULT_REMEMBERED_TOKENS} verified tokens. */
    public JwtAccessTokenValidator(AccessTokenKeyResolver keys, String issuer, int skewSeconds, Set<String> audiences,
            Duration maxLifetime) {
        this(keys, issuer, skewSeconds, audiences, maxLifetime, DEFAULT_REMEMBERED_TOKENS);
    }

    /** Without a lifetime limit (see the main constructor). */
    public JwtAccessTokenValidator(AccessTokenKeyResolver keys, String issuer, int skewSeconds, Set<String> audiences,
            int rememberedTokens) {
        this(keys, issuer, skewSeconds, audiences, null, rememberedTokens);
    }

    /**
     * @param audiences accepted audiences (one must be present), or empty to skip the audience check
     * @param maxLifetime the longest {@code exp - iat} accepted (then {@code iat} is required), or null for no limit
     * @param rememberedTokens how many verified signatures to remember; 0 verifies every call
     */
    public JwtAccessTokenValidator(AccessTokenKeyResolver keys, String issuer, int skewSeconds, Set<String> audiences,
            Duration maxLifetime, int rememberedTokens) {
        this.keys = keys;
        this.maxLifetime = maxLifetime;
        this.skewSeconds = skewSeconds;
        JwtConsumerBuilder b = new JwtConsumerBuilder()
                .setSkipSignatureVerification()
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(skewSeconds);
        if (audiences.isEmpty()) {
            b.setSkipDefaultAudienceValidation();
        } else {
            b.setExpectedAudience(true, audiences.toArray(String[]::new));
        }
        this.claimRules = b.build();
        this.verified = rememberedTokens <= 0 ? null
                : Caffeine.newBuilder().maximumSize(rememberedTokens)
                        .expireAfter(Expiry.writing((TokenHash key, Verified value) -> untilExpiry(value, skewSeconds)))
                        .build();
    }

    /** How long a verified token is remembered: until its exp plus the skew (nothing when exp is unreadable). */
    private static Duration untilExpiry(Verified value, int skewSeconds) {
        long exp;
        try {
            exp = value.context().getJwtClaims().getExpirationTime().getValueInMillis();
        } catch (MalformedClaimException | RuntimeException e) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.max(0, exp + skewSeconds * 1000L - System.currentTimeMillis()));
    }

    public ValidToken validate(String token) throws InvalidAccessTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidAccessTokenException("no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidAccessTokenException("token is too large");
        }
        TokenHash hash = verified == null ? null : TokenHash.of(token);
        Verified seen = hash == null ? null : verified.getIfPresent(hash);
        if (seen != null) {
            PublicKey key;
            try {
                key = keyOf(seen.jws());
            } catch (InvalidAccessTokenException e) {
                verified.invalidate(hash);
                throw e;
            }
            if (key.equals(seen.key())) {
                // Signature verified before with this same key: the claim rules still run, against "now".
                return claims(seen.context());
            }
            verified.invalidate(hash);
        }
        JsonWebSignature jws = parse(token);
        PublicKey key = keyOf(jws);
        JwtClaims claims;
        try {
            claims = JwtClaims.parse(jws.getUnverifiedPayload());
        } catch (InvalidJwtException | RuntimeException e) {
            throw new InvalidAccessTokenException("token is invalid");
        }
        verifySignature(jws, key);
        JwtContext context = new JwtContext(claims, List.of(jws));
        ValidToken valid = claims(context);
        if (hash != null) {
            verified.put(hash, new Verified(context, jws, key));
        }
        return valid;
    }

    private static JsonWebSignature parse(String token) throws InvalidAccessTokenException {
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(token);
            if (!(structure instanceof JsonWebSignature s)) {
                throw new InvalidAccessTokenException("token is not a signed JWT");
            }
            return s;
        } catch (JoseException | RuntimeException e) {
            throw new InvalidAccessTokenException("token is not a JWT");
        }
    }

    /** The header rules ({@code alg}, {@code typ}) and the key its {@code kid} names now. */
    private PublicKey keyOf(JsonWebSignature jws) throws InvalidAccessTokenException {
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
        return key;
    }

    private static void verifySignature(JsonWebSignature jws, PublicKey key) throws InvalidAccessTokenException {
        jws.setAlgorithmConstraints(PERMITTED);
        jws.setKey(key);
        boolean valid;
        try {
            valid = jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            // e.g. a kid naming an RSA key on an ES256 token
            throw new InvalidAccessTokenException("token is invalid");
        }
        if (!valid) {
            throw new InvalidAccessTokenException("token signature is invalid");
        }
    }

    private ValidToken claims(JwtContext context) throws InvalidAccessTokenException {
        try {
            claimRules.processContext(context);
        } catch (InvalidJwtException e) {
            throw new InvalidAccessTokenException(describe(e));
        }
        if (maxLifetime != null) {
            checkLifetime(context.getJwtClaims());
        }
        return new ValidToken(context.getJwtClaims());
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
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "token is not yet valid";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return "token issuer is not accepted";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
                || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "token audience is not accepted";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "token signature is invalid";
        }
        return "token is invalid";
    }
}
