package org.mtlssuite.devsupport;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every test of the authorization code flow needs, whatever HTTP client it drives the AS with:
 * a PKCE pair (RFC 7636, S256), the authorization request's parameters, the hidden fields of the login
 * page and the query of the redirect. The expected values are computed here with the JDK, independently
 * of the server's code.
 */
public final class CodeFlow {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CodeFlow() {
    }

    /** A fresh code verifier (32 random bytes, base64url) and its S256 challenge. */
    public record Pkce(String verifier, String challenge) {
        public static Pkce fresh() {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            return new Pkce(verifier, s256(verifier));
        }

        /** RFC 7636 4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
        public static String s256(String verifier) {
            try {
                return Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The query parameters of an authorization request for the code flow with PKCE S256, in a stable
     * order, with a fresh {@code state}; {@code extra} name/value pairs are added or replace one of them.
     * A null {@code scope} is left out.
     */
    public static Map<String, String> authorizationRequest(String clientId, String redirectUri, String scope, Pkce pkce,
            String... extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        if (scope != null) {
            p.put("scope", scope);
        }
        p.put("state", "st-" + System.nanoTime());
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    /**
     * The value of a hidden form field of an HTML page ({@code request_id}, {@code csrf_token}).
     *
     * @throws AssertionError when the page has no such field
     */
    public static String hiddenField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError(name + " in the page: " + html);
        }
        return m.group(1);
    }

    /** The decoded query parameters of a redirect's location (empty when it has none). */
    public static Map<String, String> queryOf(String location) {
        Map<String, String> out = new HashMap<>();
        String q = URI.create(location).getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** {@code application/x-www-form-urlencoded} text of the parameters, for a query string or a form body. */
    public static String formEncode(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
