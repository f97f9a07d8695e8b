package org.mtlssuite.authz.metadata;


import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * OpenID Connect Discovery 1.0 section 4: {@code <issuer>/.well-known/openid-configuration}, where
 * relying parties such as quarkus-oidc look by default. Same document as the RFC 8414 one.
 */
@Path("/.well-known/openid-configuration")
public class OpenIdConfigurationResource {

    @Inject
    ServerMetadata metadata;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public AuthorizationServerMetadata configuration() {
        return metadata.document();
    }
}
