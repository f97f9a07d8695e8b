package org.mtlssuite.authz.keys;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** jwks_uri: the public signing keys (RFC 7517 JWK Set). */
@Path("/jwks")
public class JwksResource {

    @Inject
    SigningKeyLifecycle keys;

    /**
     * Caches may keep the document a minute: the default key refresh interval of our verifiers, so
     * that a revoked (compromised) key leaves every verifier's hands about as fast behind a cache as without.
     */
    @GET
    public Response jwks() {
        return Response.ok(keys.jwksJson(), "application/jwk-set+json").header("Cache-Control", "max-age=60").build();
    }
}
