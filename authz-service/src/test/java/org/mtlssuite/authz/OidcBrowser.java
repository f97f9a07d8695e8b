package org.mtlssuite.authz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.main;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A browser for the authorization and logout endpoints: it keeps the two cookies the AS sets (the
 * request-binding cookie and the login session cookie) and, when {@code forwardedFor} is set, sends
 * the address a trusted reverse proxy would report.
 */
final class OidcBrowser {

    static final String BINDING_COOKIE = "__Host-mtls-suite-browser";
    static final String SESSION_COOKIE = "__Host-mtls-suite-session";

    final String base;
    String bindingCookie;
    String sessionCookie;
    String forwardedFor;

    OidcBrowser(String base) {
        this.base = base;
    }

    record Pkce(String verifier, String challenge) {
        static Pkce fresh() {
            try {
                byte[] b = new byte[32];
                new java.security.SecureRandom().nextBytes(b);
                String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
                return new Pkce(verifier, challenge);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Map<String, String> params(String clientId, String redirectUri, String scope, Pkce pkce, String... extra) {
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

    RequestSpecification request() {
        RequestSpecification spec = main(base).redirects().follow(false);
        if (bindingCookie != null) {
            spec = spec.cookie(BINDING_COOKIE, bindingCookie);
        }
        if (sessionCookie != null) {
            spec = spec.cookie(SESSION_COOKIE, sessionCookie);
        }
        if (forwardedFor != null) {
            spec = spec.header("X-Forwarded-For", forwardedFor);
        }
        return spec;
    }

    /** Remembers the cookies a response sets (an empty value with Max-Age=0 forgets one). */
    Response keep(Response r) {
        for (String header : r.headers().getValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (BINDING_COOKIE.equals(name)) {
                bindingCookie = value.isEmpty() ? null : value;
            } else if (SESSION_COOKIE.equals(name)) {
                sessionCookie = value.isEmpty() ? null : value;
            }
        }
        return r;
    }

    Response authorize(Map<String, String> params) {
        return keep(request().queryParams(params).get("/authorize"));
    }

    /** Posts the page's form with a decision and, for the login form, credentials. */
    Response submit(String page, String decision, String username, String password) {
        RequestSpecification spec = request().contentType(ContentType.URLENC).formParam("request_id", hidden(page, "request_id"))
                .formParam("csrf_token", hidden(page, "csrf_token")).formParam("decision", decision);
        if (username != null) {
            spec = spec.formParam("username", username);
        }
        if (password != null) {
            spec = spec.formParam("password", password);
        }
        return keep(spec.post("/authorize"));
    }

    /** Login page, then approve with the password: the redirect's query. */
    Map<String, String> signInAndAllow(Map<String, String> params, String username, String password) {
        Response page = authorize(params);
        page.then().statusCode(200);
        Response r = submit(page.asString(), "approve", username, password);
        r.then().statusCode(303);
        return query(r.header("Location"));
    }

    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), name + " in the page: " + html);
        return m.group(1);
    }

    static Map<String, String> query(String location) {
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
}
