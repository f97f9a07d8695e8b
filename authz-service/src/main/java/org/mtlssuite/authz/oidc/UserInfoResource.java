package org.mtlssuite.authz.oidc;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.certsource.ClientCertificateSource;
import org.mtlssuite.certsource.ForwardedCertificateException;
import org.mtlssuite.protocol.OAuthException;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code userinfo_endpoint}, GET and POST (OpenID Connect Core 5.3.1), served on the mTLS listener like
 * the token endpoint: a certificate-bound access token is only accepted with its certificate on the
 * connection, and the main listener never asks for one. The token comes in the Authorization header
 * (RFC 6750 2.1) or, with POST, in the form body (2.2); never in the query string.
 */
@Path(UserInfoResource.PATH)
public class UserInfoResource {

    public static final String PATH = "/userinfo";

    @Inject
    MtlsListener mtls;

    @Inject
    UserInfoEndpoint endpoint;

    @Inject
    ClientCertificateSource certificates;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest request) {
        return answer(headers, uri, null, request);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(MultivaluedMap<String, String> form, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context HttpServerRequest request) {
        return answer(headers, uri, form, request);
    }

    /** POST without a body, as some relying parties send it. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response postWithoutForm(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest request) {
        return answer(headers, uri, null, request);
    }

    private Response answer(HttpHeaders headers, UriInfo uri, MultivaluedMap<String, String> form, HttpServerRequest request) {
        mtls.requireMtlsListener(request, PATH);
        if (uri.getQueryParameters().containsKey("access_token")) {
            throw OAuthException.invalidRequest("access tokens are not accepted in the query string");
        }
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        List<String> inBody = form == null ? null : form.get("access_token");
        String header = null;
        if (authorization != null && !authorization.isEmpty()) {
            if (authorization.size() > 1) {
                throw OAuthException.invalidRequest("more than one Authorization header");
            }
            header = authorization.get(0);
        }
        boolean bearerHeader = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
        if (bearerHeader && inBody != null) {
            throw OAuthException.invalidRequest("the access token must be sent one way only (RFC 6750 2)");
        }
        if (inBody != null && inBody.size() > 1) {
            throw OAuthException.invalidRequest("access_token is repeated");
        }
        String token = bearerHeader ? header.substring(7).trim() : inBody != null ? inBody.get(0) : null;
        if (token == null || token.isEmpty()) {
            // RFC 6750 3.1: a request without authentication gets the challenge, no error code.
            return Response.status(401).header("WWW-Authenticate", "Bearer realm=\"" + UserInfoEndpoint.REALM + "\"")
                    .header("Cache-Control", "no-store").build();
        }
        X509Certificate leaf;
        try {
            List<X509Certificate> chain = certificates.chainOf(request);
            leaf = chain.isEmpty() ? null : chain.get(0);
        } catch (ForwardedCertificateException e) {
            throw UserInfoEndpoint.invalidToken("forwarded client certificate: " + e.getMessage());
        }
        Map<String, Object> claims = endpoint.claims(token, leaf);
        return Response.ok(claims, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache").build();
    }
}
