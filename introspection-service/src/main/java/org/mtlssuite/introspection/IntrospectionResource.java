package org.mtlssuite.introspection;


import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.clientauth.ClientAuthentication;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.protocol.IntrospectionResponse;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.mtlssuite.observability.SuiteMetrics;
import org.mtlssuite.protocol.ClientAuthMethod;

/**
 * {@code POST /introspect} (RFC 7662). Callers are protected resources registered as clients with
 * {@code introspection_allowed}, authenticated by mTLS or client_secret_basic through the same
 * shared-model code as the AS token endpoint.
 */
@Path("/introspect")
public class IntrospectionResource {

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    TokenIntrospection introspection;

    @Inject
    SuiteMetrics metrics;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(MultivaluedMap<String, String> form, @Context HttpServerRequest request) {
        AuthenticatedClient caller = clientAuthentication.authenticate(request, form, true);
        if (!caller.client().introspectionAllowed || caller.method() == ClientAuthMethod.NONE) {
            throw new OAuthException(403, OAuthError.UNAUTHORIZED_CLIENT, "this client may not call the introspection endpoint");
        }
        String token = FormParameters.single(form, "token");
        if (token == null) {
            throw OAuthException.invalidRequest("token is required");
        }
        IntrospectionResponse answer = introspection.introspect(token);
        metrics.introspected(answer.active());
        return Response.ok(answer).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
