package org.mtlssuite.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.token.JwtAccessTokenValidator.InvalidAccessTokenException;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Tokens made with Nimbus (independent of the validator's jose4j) against every rule of the validator. */
class JwtAccessTokenValidatorTest {

    static final String ISSUER = "https://as.example";
    static KeyPair ec;
    static KeyPair rsa;
    static JwtAccessTokenValidator validator;
    static JwtAccessTokenValidator audienceBound;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ec = g.generateKeyPair();
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        AccessTokenKeyResolver resolver = (kid, alg) -> switch (kid) {
            case "ec" -> ec.getPublic();
            case "rsa" -> rsa.getPublic();
            default -> null;
        };
        validator = new JwtAccessTokenValidator(resolver, ISSUER, 0, Set.of());
        audienceBound = new JwtAccessTokenValidator(resolver, ISSUER, 0, Set.of("sample-resource"));
    }

    static JWTClaimsSet.Builder claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("c1").claim("client_id", "c1").audience("sample-resource")
                .issueTime(new Date(now)).expirationTime(new Date(now + 60_000)).jwtID("jti-1").claim("scope", "accounts:read")
                .claim("cnf", Map.of("x5t#S256", "abc"));
    }

    static String ec(JWTClaimsSet claims, String typ, String kid) throws Exception {
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid);
        if (typ != null) {
            h.type(new JOSEObjectType(typ));
        }
        SignedJWT jwt = new SignedJWT(h.build(), claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()));
        return jwt.serialize();
    }

    static String reason(JwtAccessTokenValidator v, String token) {
        return assertThrows(InvalidAccessTokenException.class, () -> v.validate(token)).getMessage();
    }

    @Test
    void acceptsAValidEs256TokenAndExposesItsBinding() throws Exception {
        JwtAccessTokenValidator.ValidToken t = validator.validate(ec(claims().build(), "at+jwt", "ec"));
        assertEquals("jti-1", t.jti());
        assertEquals("c1", t.clientId());
        assertEquals("abc", t.x5tS256());
        assertEquals("accounts:read", t.scope());
        assertNull(validator.validate(ec(claims().claim("cnf", null).build(), "at+jwt", "ec")).x5tS256());
        audienceBound.validate(ec(claims().build(), "application/at+jwt", "ec"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "RS256", "PS256" })
    void acceptsRsaAlgorithms(String alg) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID("rsa")
                .type(new JOSEObjectType("at+jwt")).build(), claims().build());
        jwt.sign(new RSASSASigner(rsa.getPrivate()));
        validator.validate(jwt.serialize());
    }

    @Test
    void refusesUnsignedAndHmacTokens() throws Exception {
        assertEquals("token algorithm none is not accepted", reason(validator, new PlainJWT(claims().build()).serialize()));
        // HS256 keyed with the public key's bytes: the classic algorithm-confusion attack.
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa").type(new JOSEObjectType("at+jwt")).build(),
                claims().build());
        hs.sign(new MACSigner(rsa.getPublic().getEncoded()));
        assertEquals("token algorithm HS256 is not accepted", reason(validator, hs.serialize()));
    }

    @Test
    void refusesWrongOrMissingTyp() throws Exception {
        assertEquals("token typ is not at+jwt", reason(validator, ec(claims().build(), "JWT", "ec")));
        assertEquals("token typ is not at+jwt", reason(validator, ec(claims().build(), null, "ec")));
    }

    @Test
    void refusesExpiredNotYetValidAndForeignIssuer() throws Exception {
        long now = System.currentTimeMillis();
        assertEquals("token has expired", reason(validator, ec(claims().expirationTime(new Date(now - 5_000)).build(), "at+jwt", "ec")));
        assertEquals("token is not yet valid", reason(validator, ec(claims().notBeforeTime(new Date(now + 60_000)).build(), "at+jwt", "ec")));
        assertEquals("token issuer is not accepted", reason(validator, ec(claims().issuer("https://evil.example").build(), "at+jwt", "ec")));
        assertEquals("token audience is not accepted", reason(audienceBound, ec(claims().audience("other-api").build(), "at+jwt", "ec")));
    }

    @Test
    void refusesUnknownKidTamperingAndGarbage() throws Exception {
        assertEquals("token signing key is unknown", reason(validator, ec(claims().build(), "at+jwt", "who")));
        String good = ec(claims().build(), "at+jwt", "ec");
        String[] p = good.split("\\.");
        String otherPayload = ec(claims().claim("scope", "admin").build(), "at+jwt", "ec").split("\\.")[1];
        assertEquals("token signature is invalid", reason(validator, p[0] + "." + otherPayload + "." + p[2]));
        assertEquals("token is not a JWT", reason(validator, "garbage"));
        assertEquals("no token", reason(validator, ""));
        assertEquals("token is too large", reason(validator, "a".repeat(20_000)));
        assertEquals("token is invalid", reason(validator, ec(claims().jwtID(null).build(), "at+jwt", "ec")));
    }

    @Test
    void refusesTokensLivingLongerThanTheConfiguredMaximum() throws Exception {
        JwtAccessTokenValidator capped = new JwtAccessTokenValidator((kid, alg) -> "ec".equals(kid) ? ec.getPublic() : null, ISSUER, 0,
                Set.of(), java.time.Duration.ofMinutes(10));
        long now = System.currentTimeMillis();
        // Exactly the maximum passes; one second more is refused, however soon it expires.
        capped.validate(ec(claims().issueTime(new Date(now)).expirationTime(new Date(now + 600_000)).build(), "at+jwt", "ec"));
        assertEquals("token lifetime (exp - iat) is longer than the 600 seconds accepted", reason(capped,
                ec(claims().issueTime(new Date(now - 601_000)).expirationTime(new Date(now + 1_000)).build(), "at+jwt", "ec")));
        assertEquals("token lifetime (exp - iat) is longer than the 600 seconds accepted", reason(capped,
                ec(claims().issueTime(new Date(now)).expirationTime(new Date(now + 365L * 86_400_000)).build(), "at+jwt", "ec")));
        assertEquals("token has no iat, so its lifetime cannot be checked",
                reason(capped, ec(claims().issueTime(null).build(), "at+jwt", "ec")));
        // A future iat would hide a long lifetime.
        assertEquals("token iat is in the future", reason(capped,
                ec(claims().issueTime(new Date(now + 3_600_000)).expirationTime(new Date(now + 3_700_000)).build(), "at+jwt", "ec")));
        // Without a maximum (the 4-argument constructor) the same long-lived token is valid.
        validator.validate(ec(claims().issueTime(new Date(now)).expirationTime(new Date(now + 365L * 86_400_000)).build(), "at+jwt", "ec"));
    }

    // --- remembered signatures ---------------------------------------------------------------

    static final class MutableKeys implements AccessTokenKeyResolver {
        final Map<String, java.security.PublicKey> keys = new ConcurrentHashMap<>();

        @Override
        public java.security.PublicKey keyFor(String kid, String algorithm) {
            return keys.get(kid);
        }
    }

    @Test
    void aTokenSeenAgainIsServedFromItsRememberedVerification() throws Exception {
        MutableKeys keys = new MutableKeys();
        keys.keys.put("ec", ec.getPublic());
        JwtAccessTokenValidator remembering = new JwtAccessTokenValidator(keys, ISSUER, 0, Set.of());
        String token = ec(claims().build(), "at+jwt", "ec");
        assertSame(remembering.validate(token).claims(), remembering.validate(token).claims());
        JwtAccessTokenValidator verifyingEachTime = new JwtAccessTokenValidator(keys, ISSUER, 0, Set.of(), 0);
        assertNotSame(verifyingEachTime.validate(token).claims(), verifyingEachTime.validate(token).claims());
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsKeyIsNoLongerPublished() throws Exception {
        MutableKeys keys = new MutableKeys();
        keys.keys.put("ec", ec.getPublic());
        JwtAccessTokenValidator v = new JwtAccessTokenValidator(keys, ISSUER, 0, Set.of());
        String token = ec(claims().build(), "at+jwt", "ec");
        v.validate(token);
        v.validate(token);
        keys.keys.remove("ec");
        assertEquals("token signing key is unknown", reason(v, token));
        // Published again: verified afresh, and accepted.
        keys.keys.put("ec", ec.getPublic());
        assertEquals("c1", v.validate(token).clientId());
    }

    @Test
    void aRememberedTokenIsVerifiedAgainWhenItsKidNamesAnotherKey() throws Exception {
        MutableKeys keys = new MutableKeys();
        keys.keys.put("ec", ec.getPublic());
        JwtAccessTokenValidator v = new JwtAccessTokenValidator(keys, ISSUER, 0, Set.of());
        String token = ec(claims().build(), "at+jwt", "ec");
        v.validate(token);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        keys.keys.put("ec", g.generateKeyPair().getPublic());
        assertEquals("token signature is invalid", reason(v, token));
        assertEquals("token signature is invalid", reason(v, token));
    }

    @Test
    void aRememberedTokenStillMeetsTheClaimRulesOnEveryCall() throws Exception {
        MutableKeys keys = new MutableKeys();
        keys.keys.put("ec", ec.getPublic());
        JwtAccessTokenValidator v = new JwtAccessTokenValidator(keys, ISSUER, 0, Set.of());
        long now = System.currentTimeMillis();
        // exp has a one-second resolution: this token expires within two seconds.
        String token = ec(claims().expirationTime(new Date(now + 1_500)).build(), "at+jwt", "ec");
        assertEquals("c1", v.validate(token).clientId());
        long deadline = System.currentTimeMillis() + 10_000;
        String outcome = null;
        while (outcome == null && System.currentTimeMillis() < deadline) {
            try {
                v.validate(token);
                Thread.sleep(50);
            } catch (InvalidAccessTokenException e) {
                outcome = e.getMessage();
            }
        }
        assertEquals("token has expired", outcome);
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsRefused() throws Exception {
        MutableKeys keys = new MutableKeys();
        keys.keys.put("ec", ec.getPublic());
        JwtAccessTokenValidator v = new JwtAccessTokenValidator(keys, ISSUER, 0, Set.of());
        String good = ec(claims().build(), "at+jwt", "ec");
        v.validate(good);
        String[] p = good.split("\\.");
        String otherPayload = ec(claims().claim("scope", "admin").build(), "at+jwt", "ec").split("\\.")[1];
        assertEquals("token signature is invalid", reason(v, p[0] + "." + otherPayload + "." + p[2]));
        assertEquals("accounts:read", v.validate(good).scope());
    }
}
