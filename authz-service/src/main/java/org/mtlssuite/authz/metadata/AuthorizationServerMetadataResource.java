package org.mtlssuite.authz.metadata;


import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** RFC 8414 authorization server metadata: the same document as OpenID Connect Discovery's ({@link ServerMetadata}). */
@Path("/.well-known/oauth-authorization-server")
public class AuthorizationServerMetadataResource {

    @Inject
    ServerMetadata metadata;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public AuthorizationServerMetadata metadata() {
        return metadata.document();
    }
}
