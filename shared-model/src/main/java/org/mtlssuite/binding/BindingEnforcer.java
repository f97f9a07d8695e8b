package org.mtlssuite.binding;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.SpaceDelimited;
import org.mtlssuite.token.JwtAccessTokenValidator;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.mtlssuite.observability.SuiteMetrics;

/**
 * Decides whether a bearer token may be used on this connection: validates it (locally against the
 * AS JWKS, or by introspection) and then compares {@code cnf.x5t#S256} with the certificate of THIS
 * TLS connection, in constant time (RFC 8705 section 3, checklist section 2).
 */
@ApplicationScoped
public class BindingEnforcer {

    /** A refusal in RFC 6750 terms. */
    public static final class Rejection extends Exception {
        public final int status;
        public final String error;
        /** A short reason code for metrics and logs. */
        public final String reason;

        public Rejection(int status, String error, String reason, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
            this.reason = reason;
        }
    }

    private final BindingConfig config;
    /** Set in jwt mode; null otherwise and when enforcement is off. */
    private final JwtAccessTokenValidator jwtValidator;
    /** Set in introspection mode; null otherwise and when enforcement is off. */
    private final IntrospectionClient introspection;

    /** Built at start, not at the first request: a resource server with broken settings must not start. */
    void onStart(@Observes StartupEvent event) {
        config();
    }

    @Inject
    public BindingEnforcer(BindingConfig config, SuiteMetrics metrics) {
        this.config = config;
        if (!config.enabled()) {
            jwtValidator = null;
            introspection = null;
            return;
        }
        String noAudience = AudienceRequirement.problem(true, config.audience());
        if (noAudience != null) {
            throw new IllegalStateException(AudienceRequirement.SETTING + " " + noAudience);
        }
        String issuer = config.issuer().orElseThrow(() -> new IllegalStateException("suite.binding.issuer is required"));
        SSLContext trustOnly = PemTls.context(config.trustPem().map(Path::of).orElse(null), null, null);
        if (config.validation() == BindingConfig.Validation.JWT) {
            URI jwks = URI.create(config.jwksUri().orElseThrow(() -> new IllegalStateException("suite.binding.jwks-uri is required in jwt mode")));
            jwtValidator = new JwtAccessTokenValidator(new JwksKeyResolver(jwks, trustOnly, config.jwksRefreshInterval(),
                    config.jwksMinRefetchInterval(), ok -> metrics.jwksFetched("authorization_server", ok)),
                    issuer, config.clockSkewSeconds(), new HashSet<>(config.audience().orElse(List.of())), config.maxTokenLifetime());
            introspection = null;
        } else {
            jwtValidator = null;
            BindingConfig.Introspection i = config.introspection();
            SSLContext mtls = PemTls.context(config.trustPem().map(Path::of).orElse(null),
                    Path.of(i.cert().orElseThrow(() -> new IllegalStateException("suite.binding.introspection.cert is required"))),
                    Path.of(i.key().orElseThrow(() -> new IllegalStateException("suite.binding.introspection.key is required"))));
            introspection = new IntrospectionClient(
                    URI.create(i.url().orElseThrow(() -> new IllegalStateException("suite.binding.introspection.url is required"))),
                    i.clientId().orElseThrow(() -> new IllegalStateException("suite.binding.introspection.client-id is required")),
                    mtls, i.cacheTtl(), i.cacheMaxEntries());
        }
    }

    public BindingConfig config() {
        return config;
    }

    public BoundAccessToken authorize(String token, List<X509Certificate> connectionChain) throws Rejection {
        BoundAccessToken t = jwtValidator != null ? validateLocally(token) : validateByIntrospection(token);
        checkBinding(t.x5tS256(), connectionChain.isEmpty() ? null : connectionChain.get(0));
        return t;
    }

    private BoundAccessToken validateLocally(String token) throws Rejection {
        try {
            JwtAccessTokenValidator.ValidToken v = jwtValidator.validate(token);
            return new BoundAccessToken((String) v.claims().getClaimValue("sub"), v.clientId(), scopes(v.scope()), v.x5tS256());
        } catch (JwtAccessTokenValidator.InvalidAccessTokenException e) {
            throw new Rejection(401, OAuthError.INVALID_TOKEN, "invalid_token", e.getMessage());
        }
    }

    private BoundAccessToken validateByIntrospection(String token) throws Rejection {
        Map<String, Object> a;
        try {
            a = introspection.introspect(token);
        } catch (IntrospectionClient.IntrospectionUnavailableException e) {
            throw new Rejection(503, OAuthError.TEMPORARILY_UNAVAILABLE, "introspection_unavailable", "token introspection is unavailable");
        }
        if (!Boolean.TRUE.equals(a.get("active"))) {
            throw new Rejection(401, OAuthError.INVALID_TOKEN, "inactive_token", "token is not active");
        }
        // An active refresh token is still not an access token (our introspection says which kind it is).
        if (!(a.get("token_type") instanceof String type) || !type.equalsIgnoreCase("Bearer")) {
            throw new Rejection(401, OAuthError.INVALID_TOKEN, "not_an_access_token", "token is not an access token");
        }
        if (!config.issuer().get().equals(a.get("iss"))) {
            throw new Rejection(401, OAuthError.INVALID_TOKEN, "invalid_token", "token issuer is not accepted");
        }
        List<String> audiences = config.audience().orElse(List.of());
        if (!audiences.isEmpty()) {
            Object aud = a.get("aud");
            Collection<?> present = aud instanceof Collection<?> c ? c : aud == null ? List.of() : List.of(aud);
            if (present.stream().noneMatch(audiences::contains)) {
                throw new Rejection(401, OAuthError.INVALID_TOKEN, "invalid_token", "token audience is not accepted");
            }
        }
        String x5t = a.get("cnf") instanceof Map<?, ?> cnf && cnf.get("x5t#S256") instanceof String s ? s : null;
        return new BoundAccessToken((String) a.get("sub"), (String) a.get("client_id"),
                scopes(a.get("scope") instanceof String s ? s : null), x5t);
    }

    private void checkBinding(String x5t, X509Certificate leaf) throws Rejection {
        if (x5t == null) {
            if (config.requireBinding()) {
                throw new Rejection(401, OAuthError.INVALID_TOKEN, "unbound_token", "the token is not certificate-bound (no cnf.x5t#S256)");
            }
            return;
        }
        if (leaf == null) {
            throw new Rejection(401, OAuthError.INVALID_TOKEN, "no_certificate", "a certificate-bound token needs the client certificate on this connection");
        }
        if (!CertificateThumbprint.matches(x5t, leaf)) {
            throw new Rejection(401, OAuthError.INVALID_TOKEN, "certificate_mismatch", "the client certificate does not match the token's cnf.x5t#S256");
        }
    }

    private static Set<String> scopes(String scope) {
        return new LinkedHashSet<>(SpaceDelimited.split(scope));
    }
}
