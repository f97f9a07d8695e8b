package org.mtlssuite.resource.metadata;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** What this resource server publishes about itself (RFC 9728). */
@ConfigMapping(prefix = "resource.metadata")
public interface ProtectedResourceMetadataConfig {

    /**
     * The resource identifier: the https URL clients use for this resource server, from which the
     * metadata URL is built (RFC 9728 3.1). No query, no fragment.
     */
    String resource();

    /** Issuers of the authorization servers whose tokens this resource server accepts. */
    List<String> authorizationServers();

    /** Scopes this resource server understands. */
    List<String> scopesSupported();

    /** A name a person can read, shown by clients that display it. */
    Optional<String> resourceName();

    /** A page for developers about this API. */
    Optional<String> resourceDocumentation();
}
