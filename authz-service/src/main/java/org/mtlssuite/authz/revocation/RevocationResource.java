package org.mtlssuite.authz.revocation;

import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.clientauth.ClientAuthentication;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.protocol.OAuthException;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** The revocation endpoint (RFC 7009), on the mTLS listener, with the token endpoint's client authentication. */
@Path(RevocationResource.PATH)
public class RevocationResource {

    public static final String PATH = "/revoke";

    @Inject
    MtlsListener mtls;

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    TokenRevocation revocation;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(MultivaluedMap<String, String> form, @Context HttpServerRequest request) {
        mtls.requireMtlsListener(request, PATH);
        AuthenticatedClient client = clientAuthentication.authenticate(request, form, false);
        String token = FormParameters.single(form, "token");
        if (token == null) {
            throw OAuthException.invalidRequest("token is required");
        }
        revocation.revoke(client, token);
        return Response.ok().header("Cache-Control", "no-store").build();
    }
}
