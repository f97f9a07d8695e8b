package org.mtlssuite.resource.metadata;

import java.util.Map;

import org.mtlssuite.binding.BindingConfig;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9728 protected resource metadata: tells a client which authorization server issues tokens for
 * this API and that they must be certificate-bound. Public, like AS metadata.
 */
@Path(ProtectedResourceMetadata.WELL_KNOWN)
@Produces(MediaType.APPLICATION_JSON)
public class ProtectedResourceMetadataResource {

    @Inject
    ProtectedResourceMetadataConfig config;

    @Inject
    BindingConfig binding;

    /**
     * Refuses to start when the identifier is not a usable https URL, or when the URL that challenges
     * advertise is not the one this identifier's metadata is served at (clients would fetch nothing).
     */
    void check(@Observes StartupEvent start) {
        String expected = ProtectedResourceMetadata.wellKnownUrl(config.resource());
        binding.resourceMetadataUrl().filter(advertised -> !advertised.equals(expected)).ifPresent(advertised -> {
            throw new IllegalStateException("suite.binding.resource-metadata-url is " + advertised
                    + " but the metadata of resource.metadata.resource=" + config.resource() + " is at " + expected);
        });
    }

    @GET
    public Response metadata() {
        return answer("");
    }

    /** For an identifier with a path (RFC 9728 3.1). */
    @GET
    @Path("{suffix: .+}")
    public Response metadataOfPath(@PathParam("suffix") String suffix) {
        return answer("/" + suffix);
    }

    private Response answer(String suffix) {
        if (!suffix.equals(ProtectedResourceMetadata.pathSuffix(config.resource()))) {
            throw new NotFoundException();
        }
        Map<String, Object> document = ProtectedResourceMetadata.document(config);
        return Response.ok(document).header("Cache-Control", "public, max-age=3600").build();
    }
}
