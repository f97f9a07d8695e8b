package org.mtlssuite.authz.admin;

import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.keys.SigningKeys;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API for signing keys: list them, rotate now. */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyAdminResource {

    @Inject
    AdminAccess access;

    @Inject
    SigningKeys keys;

    @GET
    public List<Map<String, Object>> list(@HeaderParam("Authorization") String authorization) {
        access.require(authorization);
        return keys.describe();
    }

    @POST
    @Path("rotate")
    public List<Map<String, Object>> rotate(@HeaderParam("Authorization") String authorization) {
        access.require(authorization);
        keys.rotate();
        return keys.describe();
    }
}
