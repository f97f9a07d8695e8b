package org.mtlssuite.authz.authorize;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mtlssuite.authz.oidc.LoginSessions;

/**
 * What the authorization endpoint answers: a redirect back to the client (RFC 6749 4.1.2 and
 * 4.1.2.1, with the RFC 9207 {@code iss}), or a page for the user. A page is shown instead of a
 * redirect whenever the client or its redirect_uri cannot be trusted (4.1.2.1), and for errors of a
 * dynamically registered client before the user has signed in (RFC 9700 4.11.2).
 */
public sealed interface AuthorizationOutcome {

    /** 303 to the client's redirect_uri with these query parameters; {@code newSession} sets the login session cookie. */
    record RedirectToClient(String redirectUri, Map<String, String> parameters, LoginSessions.Started newSession)
            implements AuthorizationOutcome {

        public RedirectToClient(String redirectUri, Map<String, String> parameters) {
            this(redirectUri, parameters, null);
        }

        public static RedirectToClient error(String redirectUri, String issuer, String state, String error, String description) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("error", error);
            p.put("error_description", description);
            p.put("state", state);
            p.put("iss", issuer);
            return new RedirectToClient(redirectUri, p);
        }

        /** The redirect_uri with the parameters appended to any query it already has (3.1.2). */
        public String location() {
            StringBuilder b = new StringBuilder(redirectUri);
            char sep = redirectUri.indexOf('?') >= 0 ? '&' : '?';
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
                sep = '&';
            }
            return b.toString();
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /**
     * The login and consent form of a pending request, or the consent form alone when the request
     * uses the browser's login session ({@code request.sessionSubject}). {@code error} is shown above
     * it; {@code username} refills the user name field.
     */
    record LoginPage(PendingAuthorization request, String clientName, String error, String browserCookie, int status,
            String username) implements AuthorizationOutcome {

        public LoginPage(PendingAuthorization request, String clientName, String error, String browserCookie) {
            this(request, clientName, error, browserCookie, 200, null);
        }

        public boolean consentOnly() {
            return request.sessionSubject != null;
        }
    }

    /** A page that ends the flow here: the client cannot be told (unknown client, untrusted redirect_uri, forged form). */
    record ErrorPage(int status, String message) implements AuthorizationOutcome {
    }
}
