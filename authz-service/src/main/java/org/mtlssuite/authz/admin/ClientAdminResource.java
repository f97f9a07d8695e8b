package org.mtlssuite.authz.admin;

import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.registration.ClientRegistry;
import org.mtlssuite.protocol.InputValidation;
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

/** Admin API for the client registry: create, read, list, replace, disable, enable, delete. */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
public class ClientAdminResource {

    @Inject
    AdminAccess access;

    @Inject
    ClientRegistry registry;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam("Authorization") String authorization, byte[] body) {
        access.require(authorization);
        Map<String, Object> created = registry.create(metadata(body));
        return Response.status(201).entity(created).header("Cache-Control", "no-store").build();
    }

    @GET
    public List<Map<String, Object>> list(@HeaderParam("Authorization") String authorization) {
        access.require(authorization);
        return registry.list();
    }

    @GET
    @Path("{clientId}")
    public Map<String, Object> read(@HeaderParam("Authorization") String authorization, @PathParam("clientId") String clientId) {
        access.require(authorization);
        return registry.read(clientId);
    }

    @PUT
    @Path("{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> replace(@HeaderParam("Authorization") String authorization,
            @PathParam("clientId") String clientId, byte[] body) {
        access.require(authorization);
        return registry.replace(clientId, metadata(body));
    }

    /** The body as JSON, strictly UTF-8: malformed JSON is invalid_client_metadata naming the fault, not an empty 400. */
    private JsonNode metadata(byte[] body) {
        return InputValidation.json(json, body, OAuthException::invalidClientMetadata);
    }

    @POST
    @Path("{clientId}/disable")
    public Map<String, Object> disable(@HeaderParam("Authorization") String authorization, @PathParam("clientId") String clientId) {
        access.require(authorization);
        return registry.setEnabled(clientId, false);
    }

    @POST
    @Path("{clientId}/enable")
    public Map<String, Object> enable(@HeaderParam("Authorization") String authorization, @PathParam("clientId") String clientId) {
        access.require(authorization);
        return registry.setEnabled(clientId, true);
    }

    @DELETE
    @Path("{clientId}")
    public Response delete(@HeaderParam("Authorization") String authorization, @PathParam("clientId") String clientId) {
        access.require(authorization);
        registry.delete(clientId);
        return Response.noContent().build();
    }
}
