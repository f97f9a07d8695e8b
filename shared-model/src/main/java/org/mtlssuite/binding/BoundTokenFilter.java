package org.mtlssuite.binding;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.mtlssuite.certsource.ClientCertificateSource;
import org.mtlssuite.certsource.ForwardedCertificateException;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthErrors;
import org.mtlssuite.protocol.OAuthErrors.BearerError;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.mtlssuite.observability.SuiteMetrics;

/**
 * RFC 6750 bearer token usage with RFC 8705 binding, for every endpoint under the configured
 * protected paths. Errors carry {@code WWW-Authenticate: Bearer realm=..., error=...} (RFC 6750 3.1)
 * and a JSON body, plus {@code resource_metadata} (RFC 9728 5.1) when
 * {@code suite.binding.resource-metadata-url} is set. Inactive unless {@code suite.binding.enabled}.
 */
public class BoundTokenFilter {

    // Only client proxies here: REST filters are created at static init, before runtime config exists.
    @Inject
    BindingEnforcer enforcer;

    @Inject
    CurrentAccessToken current;

    @Inject
    ClientCertificateSource certificates;

    @Inject
    SuiteMetrics metrics;

    @ServerRequestFilter
    public Response enforce(ContainerRequestContext ctx, HttpServerRequest request, SimpleResourceInfo resource) {
        BindingConfig config = enforcer.config();
        if (!config.enabled() || !isProtected(config, ctx.getUriInfo().getPath())) {
            return null;
        }
        if (ctx.getUriInfo().getQueryParameters().containsKey("access_token")) {
            return error(config, 400, OAuthError.INVALID_REQUEST, "access tokens are not accepted in the query string");
        }
        List<String> authorization = ctx.getHeaders().get("Authorization");
        if (authorization == null || authorization.isEmpty()) {
            return challenge(config);
        }
        if (authorization.size() > 1) {
            return error(config, 400, OAuthError.INVALID_REQUEST, "more than one Authorization header");
        }
        String header = authorization.get(0);
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return challenge(config);
        }
        String token = header.substring(7).trim();
        BoundAccessToken t;
        try {
            t = enforcer.authorize(token, certificates.chainOf(request));
        } catch (BindingEnforcer.Rejection r) {
            metrics.bindingRejected(r.reason);
            return error(config, r.status, r.error, r.getMessage());
        } catch (ForwardedCertificateException e) {
            metrics.bindingRejected("malformed_forwarded_certificate");
            return error(config, 401, OAuthError.INVALID_TOKEN, "forwarded client certificate: " + e.getMessage());
        }
        RequiresScope needed = requiredScope(resource);
        if (needed != null && !t.hasScope(needed.value())) {
            return Response.status(403)
                    .header("WWW-Authenticate", bearer(config, BearerError.insufficientScope(needed.value())))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(OAuthErrors.body(OAuthError.INSUFFICIENT_SCOPE, "this request needs the scope " + needed.value()))
                    .build();
        }
        current.set(t);
        return null;
    }

    private static boolean isProtected(BindingConfig config, String path) {
        if (path.startsWith("/q/")) {
            return false;
        }
        return config.protectedPaths().stream().anyMatch(path::startsWith);
    }

    private static RequiresScope requiredScope(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        try {
            RequiresScope onMethod = resource.getResourceClass()
                    .getMethod(resource.getMethodName(), resource.parameterTypes()).getAnnotation(RequiresScope.class);
            return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
        } catch (NoSuchMethodException e) {
            return resource.getResourceClass().getAnnotation(RequiresScope.class);
        }
    }

    private static Response challenge(BindingConfig config) {
        return Response.status(401).header("WWW-Authenticate", bearer(config, null)).build();
    }

    /**
     * This resource server's Bearer challenge ({@link OAuthErrors#bearerChallenge}): its realm, the
     * error (null for none), then (RFC 9728 5.1) its protected resource metadata, when configured.
     */
    static String bearer(BindingConfig config, BearerError error) {
        return OAuthErrors.bearerChallenge(config.realm(), error, config.resourceMetadataUrl());
    }

    private static Response error(BindingConfig config, int status, String error, String description) {
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(OAuthErrors.body(error, description));
        // RFC 6750 3: a challenge on every refusal of a bearer request, including a 503 (introspection unavailable).
        if (status == 401 || status == 400 || status == 503) {
            b.header("WWW-Authenticate", bearer(config, BearerError.of(error, description)));
        }
        if (status == 503) {
            b.header("Retry-After", "5");
        }
        return b.build();
    }

}
