package org.mtlssuite.clientauth;

import java.util.EnumMap;
import java.util.Map;

import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MultivaluedMap;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.certsource.ClientCertificateSource;
import org.mtlssuite.observability.SuiteMetrics;
import jakarta.annotation.PostConstruct;

/**
 * Authenticates a client: finds it by {@code client_id} (from Basic credentials or the form
 * parameter, which RFC 8705 2 requires for mTLS methods), then runs the ONE authenticator of its
 * registered method. The method is never guessed from the shape of what was presented.
 */
@ApplicationScoped
public class ClientAuthentication {

    @Inject
    ClientAuthConfig config;

    @Inject
    ClientLookup clients;

    private final Map<ClientAuthMethod, ClientAuthenticator> authenticators = new EnumMap<>(ClientAuthMethod.class);

    @Inject
    void register(Instance<ClientAuthenticator> all) {
        for (ClientAuthenticator a : all) {
            authenticators.put(a.method(), a);
        }
    }

    @Inject
    SuiteMetrics metrics;

    @Inject
    ClientCertificateSource certificates;

    @Inject
    AuditTrail audit;

    /**
     * The client authentication of a form-posting OAuth endpoint: no repeated parameter, then the
     * credentials the request carries. With {@code credentialsRequired} a request that carries
     * neither {@code client_id} nor Basic credentials is {@code invalid_client} (introspection);
     * otherwise a missing {@code client_id} is {@code invalid_request} (token, revocation).
     */
    public AuthenticatedClient authenticate(HttpServerRequest request,
            MultivaluedMap<String, String> form, boolean credentialsRequired) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            // RFC 6749 3.2 / RFC 7662 2.1 / RFC 7009 2.1: parameters travel as a form, and nothing else is read as one.
            throw new OAuthException(415, OAuthError.INVALID_REQUEST,
                    "the request body must be application/x-www-form-urlencoded");
        }
        FormParameters.requireWellFormed(form);
        ClientCredentials credentials = ClientCredentialsExtractor.extract(request, form, certificates);
        if (credentialsRequired && !credentials.hasBasic() && credentials.clientIdParameter() == null) {
            throw OAuthException.invalidClient("the caller must authenticate: client_id with its mTLS certificate, or HTTP Basic");
        }
        return authenticate(credentials);
    }

    /**
     * Authenticates, counting each failure by its reason code. No transaction around it: its one database
     * read (a client not in the cache) is a prepared statement of its own, and introspection has no ORM.
     */
    public AuthenticatedClient authenticate(ClientCredentials credentials) {
        try {
            AuthenticatedClient client = authenticateOnce(credentials);
            audit(credentials, client.clientId(), AuditEvent.SUCCESS, client.method().value, null);
            return client;
        } catch (OAuthException e) {
            String reason = reasonCode(e);
            metrics.clientAuthenticationFailed(reason);
            audit(credentials, credentials.hasBasic() ? credentials.basicClientId() : credentials.clientIdParameter(),
                    AuditEvent.FAILURE, null, reason);
            throw e;
        }
    }

    private FailedAuthenticationLimiter limiter;

    @PostConstruct
    void createLimiter() {
        limiter = new FailedAuthenticationLimiter(config.failureLimit().perClient(), config.failureLimit().perPeer(),
                config.failureLimit().window().toMillis(), System::currentTimeMillis);
    }

    /** Audit: who tried, with which certificate, from where, and why it failed. Never the secret. */
    private void audit(ClientCredentials c, String clientId, String outcome, String method, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("auth_method", method);
        d.put("reason", reason);
        X509Certificate leaf = c.leaf();
        if (leaf != null) {
            d.put("x5t#S256", CertificateThumbprint.x5tS256(leaf));
            d.put("subject", leaf.getSubjectX500Principal().getName());
        }
        d.put("certificate_source", leaf == null ? "none" : c.forwarded() ? "forwarded" : "connection");
        d.put("peer", c.peer());
        audit.record("client_authentication", outcome, clientId, d);
    }

    /** The reason a failure is counted under: the one it was thrown with, else its OAuth error code. */
    static String reasonCode(OAuthException e) {
        return e.reasonCode();
    }

    private AuthenticatedClient authenticateOnce(ClientCredentials credentials) {
        String clientId = clientId(credentials);
        OAuthClient client = clients.find(clientId);
        if (client == null) {
            throw failure(credentials, "unknown client").because(ClientAuthFailure.UNKNOWN_CLIENT);
        }
        if (!client.enabled) {
            throw failure(credentials, "client is disabled").because(ClientAuthFailure.CLIENT_DISABLED);
        }
        ClientAuthMethod method = client.tokenEndpointAuthMethod;
        if (method == null) {
            throw OAuthException.invalidClient("client has an unsupported authentication method");
        }
        if (method != ClientAuthMethod.CLIENT_SECRET_BASIC && credentials.hasBasic()) {
            throw OAuthException.invalidClient("client is registered for " + method.value
                    + " and must not send HTTP Basic credentials");
        }
        if (method == ClientAuthMethod.NONE) {
            return new AuthenticatedClient(client, method, credentials.leaf());
        }
        ClientAuthenticator authenticator = authenticators.get(method);
        if (authenticator == null) {
            throw OAuthException.invalidClient(method.value + " is not supported here");
        }
        return method == ClientAuthMethod.CLIENT_SECRET_BASIC && credentials.hasBasic()
                ? secretWithinLimit(client, credentials, authenticator)
                : authenticator.authenticate(client, credentials);
    }

    /**
     * Only a wrong client secret counts toward the failed-authentication limit, per client and caller
     * address: a certificate cannot be guessed, and failures for unknown clients or of mTLS methods
     * must never lock a client out (anyone could name any client).
     */
    private AuthenticatedClient secretWithinLimit(OAuthClient client, ClientCredentials credentials, ClientAuthenticator authenticator) {
        FailedAuthenticationLimiter.Refusal limited = limiter.check(client.clientId, credentials.peer());
        if (limited != null) {
            throw new OAuthException(429, OAuthError.TEMPORARILY_UNAVAILABLE,
                    "too many failed authentications for this " + limited.scope() + "; retry after "
                            + limited.retryAfterSeconds() + " s",
                    Map.of("Retry-After", Long.toString(limited.retryAfterSeconds())), ClientAuthFailure.RATE_LIMITED);
        }
        try {
            return authenticator.authenticate(client, credentials);
        } catch (OAuthException e) {
            limiter.recordWrongSecret(client.clientId, credentials.peer());
            throw e;
        }
    }

    private String clientId(ClientCredentials credentials) {
        String param = credentials.clientIdParameter();
        if (credentials.hasBasic()) {
            if (param != null && !param.equals(credentials.basicClientId())) {
                throw OAuthException.invalidRequest("client_id parameter differs from the HTTP Basic client identifier");
            }
            return credentials.basicClientId();
        }
        if (param == null || param.isEmpty()) {
            throw OAuthException.invalidRequest("client_id is required");
        }
        return param;
    }

    private OAuthException failure(ClientCredentials credentials, String what) {
        return credentials.hasBasic() ? OAuthException.invalidClientBasic("client authentication failed: " + what, config.realm())
                : OAuthException.invalidClient("client authentication failed: " + what);
    }
}
