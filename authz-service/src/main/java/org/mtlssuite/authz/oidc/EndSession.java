package org.mtlssuite.authz.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.RedirectToClient;
import org.mtlssuite.clientauth.ClientLookup;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.token.OpaqueToken;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * OpenID Connect RP-Initiated Logout 1.0: ends the browser's login session at the AS. A relying
 * party that proves who is signed in (an {@code id_token_hint} for the session's user) logs the user
 * out at once; any other request is confirmed by the user first (section 2: otherwise any page could
 * sign the user out). The browser goes back only to a {@code post_logout_redirect_uri} the client
 * registered, exactly (section 3.1); otherwise the AS shows its own page.
 */
@ApplicationScoped
public class EndSession {

    private static final Logger LOG = Logger.getLogger(EndSession.class);

    /** The parameters of a logout request (section 2); null when absent. */
    public record Request(String idTokenHint, String clientId, String postLogoutRedirectUri, String state) {
    }

    public sealed interface Outcome {
    }

    /** The session ended (or there was none): go back to the client, or show the signed-out page when {@code location} is null. */
    public record SignedOut(String location) implements Outcome {
    }

    /** Ask the user; the form carries {@code csrfToken} and the request's validated parameters. */
    public record Confirm(String username, String clientName, String csrfToken, Request request) implements Outcome {
    }

    /** The request cannot be honoured; nothing changed. */
    public record Refused(int status, String message) implements Outcome {
    }

    @Inject
    IdTokenHint hints;

    @Inject
    ClientLookup clients;

    @Inject
    LoginSessions sessions;

    /** A logout request from a relying party (GET, or POST without our confirmation form). */
    public Outcome request(Request r, String sessionCookie) {
        Optional<IdTokenHint.Hint> hint = Optional.empty();
        if (r.idTokenHint() != null) {
            hint = hints.read(r.idTokenHint());
            if (hint.isEmpty()) {
                return new Refused(400, "The sign-out request carries an ID token this server did not issue.");
            }
        }
        String clientId = r.clientId();
        if (hint.isPresent()) {
            if (clientId != null && !clientId.equals(hint.get().clientId())) {
                return new Refused(400, "The sign-out request names two different applications (client_id and id_token_hint).");
            }
            clientId = hint.get().clientId();
        }
        Request checked = new Request(null, clientId, r.postLogoutRedirectUri(), r.state());
        Optional<Refused> refused = checkReturnAddress(checked);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<LoginSessions.Active> session = sessions.find(sessionCookie);
        if (session.isEmpty() || (hint.isPresent() && hint.get().subject().equals(session.get().username()))) {
            return end(checked, sessionCookie, session);
        }
        OAuthClient client = clientId == null ? null : clients.find(clientId);
        String clientName = client == null ? null
                : client.clientName == null || client.clientName.isBlank() ? client.clientId : client.clientName;
        return new Confirm(session.get().username(), clientName, csrfToken(sessionCookie), checked);
    }

    /** The user's answer on the confirmation page. */
    public Outcome confirm(Request r, String csrfToken, boolean signOut, String sessionCookie) {
        if (sessionCookie == null || csrfToken == null || !MessageDigest.isEqual(csrfToken(sessionCookie).getBytes(StandardCharsets.US_ASCII),
                csrfToken.getBytes(StandardCharsets.US_ASCII))) {
            return new Refused(403, "This form was not submitted from the sign-out page this browser opened.");
        }
        Request checked = new Request(null, r.clientId(), r.postLogoutRedirectUri(), r.state());
        Optional<Refused> refused = checkReturnAddress(checked);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!signOut) {
            return new Refused(200, "You are still signed in. You can close this page.");
        }
        return end(checked, sessionCookie, sessions.find(sessionCookie));
    }

    private Outcome end(Request r, String sessionCookie, Optional<LoginSessions.Active> session) {
        if (sessions.end(sessionCookie)) {
            LOG.infof("login session ended (RP-Initiated Logout): user=%s client_id=%s",
                    session.map(LoginSessions.Active::username).orElse("-"), r.clientId());
        }
        if (r.postLogoutRedirectUri() == null) {
            return new SignedOut(null);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", r.state());
        return new SignedOut(new RedirectToClient(r.postLogoutRedirectUri(), params).location());
    }

    /** Section 3.1: redirect only to an address the identified, enabled client registered, compared exactly. */
    private Optional<Refused> checkReturnAddress(Request r) {
        if (r.postLogoutRedirectUri() == null) {
            return Optional.empty();
        }
        if (r.clientId() == null) {
            return Optional.of(new Refused(400, "The sign-out request names a return address but no application"
                    + " (send client_id or id_token_hint)."));
        }
        OAuthClient client = clients.find(r.clientId());
        if (client == null || !client.enabled) {
            return Optional.of(new Refused(400, "The application of this sign-out request is not registered or is disabled."));
        }
        if (!OAuthClient.split(client.postLogoutRedirectUris).contains(r.postLogoutRedirectUri())) {
            return Optional.of(new Refused(400, "The post_logout_redirect_uri is not registered for this application."));
        }
        return Optional.empty();
    }

    /** Derived from the session cookie, which only this browser has: a page elsewhere cannot forge the form. */
    static String csrfToken(String sessionCookie) {
        return OpaqueToken.hash("logout-confirmation\0" + sessionCookie);
    }
}
