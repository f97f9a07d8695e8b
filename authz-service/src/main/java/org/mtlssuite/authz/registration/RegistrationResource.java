package org.mtlssuite.authz.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthErrors;
import org.mtlssuite.protocol.OAuthException;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Dynamic client registration (RFC 7591) and its management protocol (RFC 7592), on both listeners
 * (the mTLS one is the {@code registration_endpoint} alias). Registration needs the initial access
 * token unless {@code authz.registration.open}; management needs the client's registration access token.
 */
@Path(RegistrationResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {

    public static final String PATH = "/register";

    @Inject
    AuthzConfig config;

    @Inject
    ClientRegistry registry;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@HeaderParam("Authorization") String authorization, byte[] body) {
        requireInitialAccess(authorization);
        return Response.status(201).entity(registry.registerDynamically(metadata(body), registrationBase()))
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("{clientId}")
    public Response read(@HeaderParam("Authorization") String authorization, @PathParam("clientId") String clientId) {
        return Response.ok(registry.readDynamic(clientId, bearer(authorization), registrationBase()))
                .header("Cache-Control", "no-store").build();
    }

    @PUT
    @Path("{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@HeaderParam("Authorization") String authorization, @PathParam("clientId") String clientId,
            byte[] body) {
        return Response.ok(registry.updateDynamic(clientId, bearer(authorization), metadata(body), registrationBase()))
                .header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("{clientId}")
    public Response delete(@HeaderParam("Authorization") String authorization, @PathParam("clientId") String clientId) {
        registry.deleteDynamic(clientId, bearer(authorization));
        return Response.noContent().build();
    }

    /** The body as JSON, strictly UTF-8: malformed JSON is invalid_client_metadata (RFC 7591 3.2.2), not an empty 400. */
    private JsonNode metadata(byte[] body) {
        return InputValidation.json(json, body, OAuthException::invalidClientMetadata);
    }

    private String registrationBase() {
        return config.issuer() + PATH;
    }

    private void requireInitialAccess(String authorization) {
        if (config.registration().open()) {
            return;
        }
        String expected = config.registration().initialAccessToken().orElse(null);
        if (expected == null || expected.isBlank()) {
            throw new OAuthException(403, OAuthError.ACCESS_DENIED, "dynamic client registration is closed on this server");
        }
        String presented = bearer(authorization);
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new OAuthException(401, OAuthError.INVALID_TOKEN, "a valid initial access token is required",
                    Map.of("WWW-Authenticate", OAuthErrors.bearerChallenge(null, OAuthErrors.BearerError.invalidToken(),
                            Optional.empty())));
        }
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim()
                : null;
    }

}
