package org.mtlssuite.authz.admin;

import java.util.Map;

import org.mtlssuite.authz.user.EndUsers;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthException;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Admin API for the end users who log in at the authorization endpoint. Passwords are never returned. */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserAdminResource {

    @Inject
    AdminAccess access;

    @Inject
    EndUsers users;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    /** Creates (201) or replaces (200) an account from {@code {"password": "...", "enabled": true}}. */
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
        boolean created;
        try {
            created = users.put(username, body.get("password").asText(), enabled.asBoolean(true));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest(e.getMessage());
        }
        return Response.status(created ? 201 : 200).entity(Map.of("username", username, "enabled", enabled.asBoolean(true)))
                .header("Cache-Control", "no-store").build();
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
            throw new OAuthException(404, "invalid_request", "no user " + username);
        }
        return Response.noContent().build();
    }
}
