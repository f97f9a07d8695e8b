package org.mtlssuite.resource.metadata;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9728 protected resource metadata document, and the one rule that turns a resource
 * identifier into the URL of its metadata.
 */
public final class ProtectedResourceMetadata {

    /** RFC 9728 3: the well-known URI suffix registered for protected resource metadata. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private ProtectedResourceMetadata() {
    }

    /**
     * RFC 9728 3.1: the well-known segment goes between the host (and port) and the identifier's
     * path, so {@code https://rs.example.com/api} publishes at
     * {@code https://rs.example.com/.well-known/oauth-protected-resource/api}.
     *
     * @throws IllegalArgumentException when the identifier is not an https URL without query and fragment
     */
    public static String wellKnownUrl(String resource) {
        URI uri = identifier(resource);
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        return "https://" + uri.getRawAuthority() + WELL_KNOWN + path;
    }

    /** The path below {@link #WELL_KNOWN} at which the identifier's metadata is served ("" when it has no path). */
    static String pathSuffix(String resource) {
        URI uri = identifier(resource);
        return uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
    }

    private static URI identifier(String resource) {
        URI uri;
        try {
            uri = new URI(resource);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("resource identifier is not a URL: " + resource);
        }
        if (!"https".equals(uri.getScheme()) || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("resource identifier must be an https URL with a host, got " + resource);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("resource identifier must have no query and no fragment (RFC 9728 1.2), got " + resource);
        }
        return uri;
    }

    /** The document, with only the members that have a value. */
    public static Map<String, Object> document(ProtectedResourceMetadataConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", config.resource());
        m.put("authorization_servers", config.authorizationServers());
        m.put("scopes_supported", config.scopesSupported());
        // The binding filter reads only the Authorization header: the query string is refused, form bodies are not read.
        m.put("bearer_methods_supported", List.of("header"));
        // RFC 9728 2: support for RFC 8705 bound tokens. The binding filter always checks a bound token's
        // certificate, whether or not suite.binding.require-binding also refuses unbound ones.
        m.put("tls_client_certificate_bound_access_tokens", true);
        config.resourceName().ifPresent(v -> m.put("resource_name", v));
        config.resourceDocumentation().ifPresent(v -> m.put("resource_documentation", v));
        return m;
    }
}
