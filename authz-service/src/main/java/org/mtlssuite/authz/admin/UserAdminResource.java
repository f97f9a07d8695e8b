package org.mtlssuite.authz.admin;

import java.util.Map;

import org.mtlssuite.authz.user.EndUsers;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mtlssuite.authz.oidc.Consents;
import org.mtlssuite.authz.oidc.LoginSessions;

/**
 * Admin API for the end users who log in at the authorization endpoint: accounts with their OpenID
 * Connect claims, remembered consents and login sessions. Passwords are never returned.
 */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserAdminResource {

    @Inject
    AdminAccess access;

    @Inject
    EndUsers users;

    @Inject
    ObjectMapper mapper;

    @Inject
    Consents consents;

    @Inject
    LoginSessions sessions;

    /**
     * Creates (201) or replaces (200) an account from {@code {"password": "...", "enabled": true}}, with
     * optional OpenID Connect claims {@code name}, {@code email}, {@code email_verified}.
     */
    @PUT
    @Path("{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@HeaderParam("Authorization") String authorization, @PathParam("username") String username,
            byte[] json) {
        access.require(authorization);
        JsonNode body = InputValidation.json(mapper, json, OAuthException::invalidRequest);
        if (body == null || !body.isObject() || !body.path("password").isTextual()) {
            throw OAuthException.invalidRequest("the body must be a JSON object with a password string");
        }
        JsonNode enabled = body.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw OAuthException.invalidRequest("enabled must be a boolean");
        }
        EndUsers.Profile profile = profile(body);
        boolean created;
        try {
            created = users.put(username, body.get("password").asText(), enabled.asBoolean(true));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest(e.getMessage());
        }
        users.updateProfile(username, profile);
        return Response.status(created ? 201 : 200).entity(users.describe(username).orElseThrow())
                .header("Cache-Control", "no-store").build();
    }

    /** The OpenID Connect claims of the body ({@code name}, {@code email}, {@code email_verified}), validated. */
    private static EndUsers.Profile profile(JsonNode body) {
        for (String field : new String[] { "name", "email" }) {
            JsonNode v = body.path(field);
            if (!v.isMissingNode() && !v.isNull() && !v.isTextual()) {
                throw OAuthException.invalidRequest(field + " must be a string");
            }
        }
        JsonNode verified = body.path("email_verified");
        if (!verified.isMissingNode() && !verified.isNull() && !verified.isBoolean()) {
            throw OAuthException.invalidRequest("email_verified must be a boolean");
        }
        try {
            return new EndUsers.Profile(body.path("name").isTextual() ? body.get("name").asText() : null,
                    body.path("email").isTextual() ? body.get("email").asText() : null, verified.asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest(e.getMessage());
        }
    }

    /** The account without its password: username, enabled and the OpenID Connect claims. */
    @GET
    @Path("{username}")
    public Response get(@HeaderParam("Authorization") String authorization, @PathParam("username") String username) {
        access.require(authorization);
        return Response.ok(users.describe(username).orElseThrow(() -> noUser(username))).header("Cache-Control", "no-store").build();
    }

    /** The user's remembered consents: which client may have which scopes without asking again. */
    @GET
    @Path("{username}/consents")
    public Response consents(@HeaderParam("Authorization") String authorization, @PathParam("username") String username) {
        access.require(authorization);
        users.describe(username).orElseThrow(() -> noUser(username));
        return Response.ok(consents.list(username)).header("Cache-Control", "no-store").build();
    }

    /** Forgets the consent (the client must ask again) and revokes the grants the user gave that client. */
    @DELETE
    @Path("{username}/consents/{clientId}")
    public Response revokeConsent(@HeaderParam("Authorization") String authorization, @PathParam("username") String username,
            @PathParam("clientId") String clientId) {
        access.require(authorization);
        if (!consents.revoke(username, clientId)) {
            throw new OAuthException(404, OAuthError.INVALID_REQUEST, "user " + username + " has no consent for client " + clientId);
        }
        return Response.noContent().build();
    }

    /** Ends every login session of the user at the AS: the next authorization request asks for the password. */
    @DELETE
    @Path("{username}/sessions")
    public Response endSessions(@HeaderParam("Authorization") String authorization, @PathParam("username") String username) {
        access.require(authorization);
        users.describe(username).orElseThrow(() -> noUser(username));
        return Response.ok(Map.of("sessions_ended", sessions.endAll(username))).header("Cache-Control", "no-store").build();
    }

    private static OAuthException noUser(String username) {
        return new OAuthException(404, OAuthError.INVALID_REQUEST, "no user " + username);
    }

    @DELETE
    @Path("{username}")
    public Response delete(@HeaderParam("Authorization") String authorization, @PathParam("username") String username) {
        access.require(authorization);
        boolean deleted;
        try {
            deleted = users.delete(username);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest(e.getMessage());
        }
        if (!deleted) {
            throw new OAuthException(404, OAuthError.INVALID_REQUEST, "no user " + username);
        }
        return Response.noContent().build();
    }
}
