package org.mtlssuite.authz.authorize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import org.mtlssuite.token.OpaqueToken;

/**
 * RFC 7636 Proof Key for Code Exchange, {@code S256} only: {@code plain} would hand the verifier
 * to whoever sees the authorization request, so it is refused.
 */
public final class Pkce {

    public static final String S256 = "S256";
    /** 4.1: 43-128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** 4.2: base64url(SHA-256) without padding is exactly 43 characters. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Pkce() {
    }

    public static boolean isValidVerifier(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    public static boolean isValidS256Challenge(String challenge) {
        return challenge != null && S256_CHALLENGE.matcher(challenge).matches();
    }

    /** 4.6: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge, compared in constant time. */
    public static boolean verifierMatches(String verifier, String challenge) {
        if (!isValidVerifier(verifier) || challenge == null) {
            return false;
        }
        // OpaqueToken.hash is exactly BASE64URL(SHA-256(UTF-8)), and a valid verifier is ASCII.
        return MessageDigest.isEqual(OpaqueToken.hash(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
