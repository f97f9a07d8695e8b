package org.mtlssuite.authz.admin;

import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.keys.SigningKeyLifecycle;
import org.mtlssuite.protocol.OAuthException;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API for signing keys: list them, rotate now, revoke a compromised key at once, re-seal them with HKDF. */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyAdminResource {

    @Inject
    AdminAccess access;

    @Inject
    SigningKeyLifecycle keys;

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

    /**
     * Re-seals version-1 keys with HKDF (version 2). Only once no replica of a release before HKDF
     * sealing runs: such a replica cannot open version-2 keys.
     */
    @POST
    @Path("reseal")
    public List<Map<String, Object>> reseal(@HeaderParam("Authorization") String authorization) {
        access.require(authorization);
        keys.reseal();
        return keys.describe();
    }

    /**
     * A compromised key: removed from the JWKS and the key table at once, replaced when it was the
     * current or the next key. Verifiers refuse its tokens from their next key refresh on.
     */
    @POST
    @Path("{kid}/revoke")
    public List<Map<String, Object>> revoke(@HeaderParam("Authorization") String authorization, @PathParam("kid") String kid) {
        access.require(authorization);
        if (!keys.revoke(kid)) {
            throw new OAuthException(404, "not_found", "no signing key with this kid");
        }
        return keys.describe();
    }
}
