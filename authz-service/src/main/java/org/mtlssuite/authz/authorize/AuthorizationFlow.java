package org.mtlssuite.authz.authorize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.ErrorPage;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.LoginPage;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.RedirectToClient;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.grant.AuthorizationCode;
import org.mtlssuite.authz.grant.RequestedScope;
import org.mtlssuite.authz.oidc.AuthenticationRequest;
import org.mtlssuite.authz.oidc.Consents;
import org.mtlssuite.authz.oidc.IdTokenIssuer;
import org.mtlssuite.authz.oidc.LoginSessions;
import org.mtlssuite.authz.user.EndUsers;
import org.mtlssuite.clientauth.ClientLookup;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.token.OpaqueToken;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MultivaluedMap;
import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;

/**
 * What the authorization endpoint does ({@link AuthorizationResource} is its HTTP face): the
 * authorization code flow's front half (RFC 6749 4.1.1-4.1.2) with PKCE (RFC 7636) and OpenID Connect
 * authentication requests (Core 3.1.2): validates the request, uses the browser's login session and
 * the user's remembered consent when they suffice, otherwise keeps the request pending while the
 * user logs in and consents, and answers with a code. Only the {@code code} response type is
 * offered (RFC 8705 6.4: implicit and hybrid flows cannot bind tokens to a certificate).
 */
@ApplicationScoped
public class AuthorizationFlow {

    private static final Logger LOG = Logger.getLogger(AuthorizationFlow.class);

    /** Who is calling: the browser's cookies and its address. */
    public record Browser(String bindingCookie, String sessionCookie, String address) {
    }

    @Inject
    AuthzConfig config;

    @Inject
    ClientLookup clients;

    @Inject
    EndUsers users;

    @Inject
    LoginSessions sessions;

    @Inject
    Consents consents;

    @Inject
    LoginThrottle throttle;

    @Inject
    GuardedJdbc db;

    @Inject
    AuditTrail audit;

    /** Step 1: the client's GET. */
    @Transactional
    public AuthorizationOutcome begin(MultivaluedMap<String, String> query, Browser browser) {
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
            if (!client.mayUse(GrantType.AUTHORIZATION_CODE)) {
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
            AuthenticationRequest authn = AuthenticationRequest.parse(name -> single(query, name));

            Optional<LoginSessions.Active> session = sessions.find(browser.sessionCookie());
            String sessionUser = session.map(LoginSessions.Active::username).orElse(null);
            boolean consented = sessionUser != null && consents.covers(sessionUser, clientId, scope);
            AuthenticationRequest.Decision decision = authn.decide(sessionUser,
                    session.map(LoginSessions.Active::authTime).orElse(null), consented, Instant.now());
            if (decision == AuthenticationRequest.Decision.ISSUE) {
                LoginSessions.Active s = session.get();
                return approved(clientId, redirectUri, scope, challenge, state, authn.nonce(), s, null);
            }

            String addressHash = LoginThrottle.addressHash(browser.address());
            if (throttle.tooManyPending(addressHash)) {
                LOG.warnf("authorization request refused: too many pending requests from one address, client_id=%s", clientId);
                return new ErrorPage(429, "Too many sign-in requests are waiting from your network. Finish one, or wait "
                        + config.authorization().requestLifetime().toMinutes() + " minutes, then start again from the application.");
            }
            PendingAuthorization p = new PendingAuthorization();
            p.requestId = OpaqueToken.generate();
            p.csrfToken = OpaqueToken.generate();
            String cookie = browser.bindingCookie() != null && browser.bindingCookie().length() == 43 ? browser.bindingCookie()
                    : OpaqueToken.generate();
            p.browserBindingHash = OpaqueToken.hash(cookie);
            p.clientId = clientId;
            p.redirectUri = redirectUri;
            p.scope = scope;
            p.state = state;
            p.codeChallenge = challenge;
            p.nonce = authn.nonce();
            p.sessionSubject = decision == AuthenticationRequest.Decision.ASK_CONSENT ? sessionUser : null;
            p.callerAddressHash = addressHash;
            p.expiresAt = Instant.now().plus(config.authorization().requestLifetime());
            p.insert(db);
            return new LoginPage(p, displayName(client), null, cookie, 200, authn.loginHint());
        } catch (OAuthException e) {
            if (client.registeredDynamically) {
                // RFC 9700 4.11.2: anyone may register a client, so its redirect_uri is not trusted before
                // the user has signed in; an automatic redirect would make this AS an open redirector.
                LOG.infof("authorization request of dynamically registered client_id=%s refused on our page: %s %s", clientId,
                        e.error(), e.description());
                return new ErrorPage(400, "The application's request is not valid (" + e.error() + ": " + e.description()
                        + "). You were not sent back to it because it registered itself.");
            }
            return RedirectToClient.error(redirectUri, config.issuer(), state, e.error(), e.description());
        }
    }

    /**
     * Step 2: the login and consent form, or the consent form of a signed-in user. Not rolled back on a
     * refused login, so that failed attempts are counted.
     */
    @Transactional
    public AuthorizationOutcome decide(MultivaluedMap<String, String> form, Browser browser) {
        String requestId = first(form, "request_id");
        PendingAuthorization p = requestId == null ? null : PendingAuthorization.findForUpdate(db, requestId);
        if (p == null || p.expiresAt.isBefore(Instant.now())) {
            return new ErrorPage(400, "This sign-in request has expired or is unknown. Start again from the application.");
        }
        // CSRF: the form must carry the token only our page knew, from the browser that opened the request.
        String browserCookie = browser.bindingCookie();
        if (browserCookie == null || !constantTimeEquals(OpaqueToken.hash(browserCookie), p.browserBindingHash)
                || !constantTimeEquals(first(form, "csrf_token"), p.csrfToken)) {
            LOG.warnf("authorization form refused: CSRF check failed for client_id=%s", p.clientId);
            return new ErrorPage(403, "This form was not submitted from the sign-in page this browser opened.");
        }
        OAuthClient client = clients.find(p.clientId);
        if (client == null || !client.enabled) {
            p.delete(db);
            return new ErrorPage(400, "The application that sent you here is no longer registered or is disabled.");
        }
        String decision = first(form, "decision");
        if ("deny".equals(decision)) {
            p.delete(db);
            return RedirectToClient.error(p.redirectUri, config.issuer(), p.state, OAuthError.ACCESS_DENIED,
                    "the user denied the request");
        }
        if ("switch_user".equals(decision)) {
            p.forgetSessionSubject(db);
            return new LoginPage(p, displayName(client), null, browserCookie);
        }
        if (!"approve".equals(decision)) {
            return new LoginPage(p, displayName(client), "Choose Allow or Deny.", browserCookie);
        }
        if (p.sessionSubject != null) {
            return approveWithSession(p, client, browser);
        }
        String username = first(form, "username");
        Optional<Duration> locked = throttle.lockedFor(username, browser.address());
        if (locked.isPresent()) {
            LOG.warnf("login refused while locked: client_id=%s", p.clientId);
            return new LoginPage(p, displayName(client), "Too many failed sign-in attempts. Wait "
                    + describe(locked.get()) + " and try again.", browserCookie, 429, username);
        }
        Optional<String> subject = users.authenticate(username, first(form, "password"));
        if (subject.isEmpty()) {
            throttle.recordFailure(username, browser.address());
            p.countFailedLogin(db);
            if (p.failedLogins >= config.authorization().maxFailedLogins()) {
                p.delete(db);
                LOG.warnf("authorization request abandoned after %d failed logins: client_id=%s", p.failedLogins, p.clientId);
                if (client.registeredDynamically) {
                    return new ErrorPage(400, "Too many failed sign-in attempts. Start again from the application.");
                }
                return RedirectToClient.error(p.redirectUri, config.issuer(), p.state, OAuthError.ACCESS_DENIED,
                        "too many failed login attempts");
            }
            return new LoginPage(p, displayName(client), "Wrong username or password.", browserCookie, 200, username);
        }
        throttle.recordSuccess(subject.get());
        LoginSessions.Started started = sessions.start(subject.get(), List.of(IdTokenIssuer.AMR_PASSWORD),
                browser.sessionCookie());
        p.delete(db);
        return approved(p.clientId, p.redirectUri, p.scope, p.codeChallenge, p.state, p.nonce, started.session(), started);
    }

    /** The consent form of a signed-in user: the session must still be theirs. */
    private AuthorizationOutcome approveWithSession(PendingAuthorization p, OAuthClient client, Browser browser) {
        Optional<LoginSessions.Active> session = sessions.find(browser.sessionCookie());
        if (session.isEmpty() || !session.get().username().equals(p.sessionSubject)) {
            p.forgetSessionSubject(db);
            return new LoginPage(p, displayName(client), "Your sign-in has ended. Sign in again.", browser.bindingCookie());
        }
        p.delete(db);
        return approved(p.clientId, p.redirectUri, p.scope, p.codeChallenge, p.state, p.nonce, session.get(), null);
    }

    /** The user is signed in and the scopes are allowed: remember the consent, issue the code, redirect. */
    private RedirectToClient approved(String clientId, String redirectUri, String scope, String challenge, String state,
            String nonce, LoginSessions.Active session, LoginSessions.Started newSession) {
        consents.remember(session.username(), clientId, scope);
        String code = OpaqueToken.generate();
        AuthorizationCode c = new AuthorizationCode();
        c.codeHash = OpaqueToken.hash(code);
        c.clientId = clientId;
        c.redirectUri = redirectUri;
        c.subject = session.username();
        c.scope = scope;
        c.codeChallenge = challenge;
        c.nonce = nonce;
        c.authTime = session.authTime();
        c.amr = String.join(" ", session.amr());
        c.expiresAt = c.createdAt.plus(config.authorization().codeLifetime());
        c.insert(db);
        LOG.infof("authorization code issued: client_id=%s subject=%s scope=%s", clientId, session.username(), scope);
        audit.record("authorization_granted", AuditEvent.SUCCESS, clientId,
                Map.of("subject", session.username(), "scope", scope, "redirect_uri", redirectUri));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", state);
        params.put("iss", config.issuer());
        return new RedirectToClient(redirectUri, params, newSession);
    }

    static List<String> registeredRedirectUris(OAuthClient client) {
        return OAuthClient.split(client.redirectUris);
    }

    private static String displayName(OAuthClient client) {
        return client.clientName == null || client.clientName.isBlank() ? client.clientId : client.clientName;
    }

    private static String describe(Duration d) {
        long seconds = Math.max(1, d.toSeconds() + (d.toMillisPart() > 0 ? 1 : 0));
        return seconds < 120 ? seconds + " seconds" : ((seconds + 59) / 60) + " minutes";
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
