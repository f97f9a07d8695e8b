package org.mtlssuite.authz.authorize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.grant.AuthorizationCode;
import org.mtlssuite.authz.token.RequestedScope;
import org.mtlssuite.authz.user.EndUsers;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.ErrorPage;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.LoginPage;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.RedirectToClient;
import org.mtlssuite.clientauth.ClientLookup;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.token.OpaqueToken;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The authorization endpoint (RFC 6749 4.1.1-4.1.2) with PKCE (RFC 7636): validates the request,
 * keeps it pending while the user logs in and consents, and answers with a code. Only the
 * {@code code} response type is offered (RFC 8705 6.4: implicit and hybrid flows cannot bind
 * tokens to a certificate).
 */
@ApplicationScoped
public class AuthorizationEndpoint {

    private static final Logger LOG = Logger.getLogger(AuthorizationEndpoint.class);

    @Inject
    AuthzConfig config;

    @Inject
    ClientLookup clients;

    @Inject
    EndUsers users;

    @Inject
    EntityManager em;

    @Inject
    org.mtlssuite.audit.AuditTrail audit;

    /** Step 1: the client's GET. {@code browserCookie} is the browser's binding cookie, null on its first visit. */
    @Transactional
    public AuthorizationOutcome begin(MultivaluedMap<String, String> query, String browserCookie) {
        String clientId = single(query, "client_id");
        String redirectUri = single(query, "redirect_uri");
        if (clientId == null) {
            return new ErrorPage(400, "The request names no client (client_id is missing or repeated).");
        }
        OAuthClient client = clients.find(clientId);
        if (client == null || !client.enabled) {
            return new ErrorPage(400, "The application that sent you here is not registered or is disabled.");
        }
        if (redirectUri == null) {
            return new ErrorPage(400, "The request has no redirect_uri (it is required, and must appear once).");
        }
        if (!registeredRedirectUris(client).contains(redirectUri)) {
            // 4.1.2.1 and 10.15: never redirect to an address the client did not register (exact match).
            return new ErrorPage(400, "The redirect_uri is not registered for this application.");
        }
        String state = null;
        try {
            state = single(query, "state");
            requireNoDuplicates(query);
            String responseType = single(query, "response_type");
            if (responseType == null) {
                throw OAuthException.invalidRequest("response_type is required");
            }
            if (!"code".equals(responseType)) {
                throw new OAuthException(400, OAuthError.UNSUPPORTED_RESPONSE_TYPE,
                        "only the code response type is offered (implicit and hybrid flows cannot bind tokens, RFC 8705 6.4)");
            }
            if (!client.grantTypeList().contains("authorization_code")) {
                throw new OAuthException(400, OAuthError.UNAUTHORIZED_CLIENT,
                        "the client is not registered for the authorization_code grant");
            }
            String method = single(query, "code_challenge_method");
            String challenge = single(query, "code_challenge");
            if (challenge == null) {
                throw OAuthException.invalidRequest("code_challenge is required (PKCE, RFC 7636)");
            }
            if (!Pkce.S256.equals(method)) {
                throw OAuthException.invalidRequest("code_challenge_method must be S256; "
                        + (method == null ? "it defaults to plain, which" : method + "") + " is not supported");
            }
            if (!Pkce.isValidS256Challenge(challenge)) {
                throw OAuthException.invalidRequest("code_challenge must be 43 base64url characters (an S256 hash)");
            }
            String scope = RequestedScope.grant(single(query, "scope"), client.scopeList());

            PendingAuthorization p = new PendingAuthorization();
            p.requestId = OpaqueToken.generate();
            p.csrfToken = OpaqueToken.generate();
            String cookie = browserCookie != null && browserCookie.length() == 43 ? browserCookie : OpaqueToken.generate();
            p.browserBindingHash = OpaqueToken.hash(cookie);
            p.clientId = clientId;
            p.redirectUri = redirectUri;
            p.scope = scope;
            p.state = state;
            p.codeChallenge = challenge;
            p.expiresAt = Instant.now().plus(config.authorization().requestLifetime());
            p.persist();
            return new LoginPage(p, displayName(client), null, cookie);
        } catch (OAuthException e) {
            return RedirectToClient.error(redirectUri, config.issuer(), state, e.error(), e.description());
        }
    }

    /**
     * Step 2: the login and consent form. Not rolled back on a refused login, so that failed
     * attempts are counted.
     */
    @Transactional
    public AuthorizationOutcome decide(MultivaluedMap<String, String> form, String browserCookie) {
        String requestId = first(form, "request_id");
        PendingAuthorization p = requestId == null ? null
                : em.find(PendingAuthorization.class, requestId, LockModeType.PESSIMISTIC_WRITE);
        if (p == null || p.expiresAt.isBefore(Instant.now())) {
            return new ErrorPage(400, "This sign-in request has expired or is unknown. Start again from the application.");
        }
        // CSRF: the form must carry the token only our page knew, from the browser that opened the request.
        if (browserCookie == null || !constantTimeEquals(OpaqueToken.hash(browserCookie), p.browserBindingHash)
                || !constantTimeEquals(first(form, "csrf_token"), p.csrfToken)) {
            LOG.warnf("authorization form refused: CSRF check failed for client_id=%s", p.clientId);
            return new ErrorPage(403, "This form was not submitted from the sign-in page this browser opened.");
        }
        OAuthClient client = clients.find(p.clientId);
        if (client == null || !client.enabled) {
            p.delete();
            return new ErrorPage(400, "The application that sent you here is no longer registered or is disabled.");
        }
        String decision = first(form, "decision");
        if ("deny".equals(decision)) {
            p.delete();
            return RedirectToClient.error(p.redirectUri, config.issuer(), p.state, OAuthError.ACCESS_DENIED,
                    "the user denied the request");
        }
        if (!"approve".equals(decision)) {
            return new LoginPage(p, displayName(client), "Choose Allow or Deny.", browserCookie);
        }
        Optional<String> subject = users.authenticate(first(form, "username"), first(form, "password"));
        if (subject.isEmpty()) {
            p.failedLogins++;
            if (p.failedLogins >= config.authorization().maxFailedLogins()) {
                p.delete();
                LOG.warnf("authorization request abandoned after %d failed logins: client_id=%s", p.failedLogins, p.clientId);
                return RedirectToClient.error(p.redirectUri, config.issuer(), p.state, OAuthError.ACCESS_DENIED,
                        "too many failed login attempts");
            }
            return new LoginPage(p, displayName(client), "Wrong username or password.", browserCookie);
        }
        p.delete();
        String code = issueCode(p, subject.get());
        LOG.infof("authorization code issued: client_id=%s subject=%s scope=%s", p.clientId, subject.get(), p.scope);
        audit.record("authorization_granted", org.mtlssuite.audit.AuditEvent.SUCCESS, p.clientId,
                Map.of("subject", subject.get(), "scope", p.scope, "redirect_uri", p.redirectUri));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", p.state);
        params.put("iss", config.issuer());
        return new RedirectToClient(p.redirectUri, params);
    }

    private String issueCode(PendingAuthorization p, String subject) {
        String code = OpaqueToken.generate();
        AuthorizationCode c = new AuthorizationCode();
        c.codeHash = OpaqueToken.hash(code);
        c.clientId = p.clientId;
        c.redirectUri = p.redirectUri;
        c.subject = subject;
        c.scope = p.scope;
        c.codeChallenge = p.codeChallenge;
        c.expiresAt = c.createdAt.plus(config.authorization().codeLifetime());
        c.persist();
        return code;
    }

    static List<String> registeredRedirectUris(OAuthClient client) {
        return OAuthClient.split(client.redirectUris);
    }

    private static String displayName(OAuthClient client) {
        return client.clientName == null || client.clientName.isBlank() ? client.clientId : client.clientName;
    }

    /** The single value, or null when absent, empty or repeated. */
    private static String single(MultivaluedMap<String, String> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.size() != 1 || values.get(0) == null || values.get(0).isEmpty()) {
            if (values != null && values.size() > 1 && !"client_id".equals(name) && !"redirect_uri".equals(name)) {
                throw OAuthException.invalidRequest("parameter " + name + " is repeated");
            }
            return null;
        }
        return values.get(0);
    }

    private static void requireNoDuplicates(MultivaluedMap<String, String> params) {
        params.forEach((name, values) -> {
            if (values != null && values.size() > 1) {
                throw OAuthException.invalidRequest("parameter " + name + " is repeated");
            }
        });
    }

    private static String first(MultivaluedMap<String, String> form, String name) {
        String v = form == null ? null : form.getFirst(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
