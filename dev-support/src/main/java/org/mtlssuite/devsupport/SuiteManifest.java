package org.mtlssuite.devsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The contents of {@code suite.json}: where each service listens (its API, its management interface
 * for health, metrics and OpenAPI, and the AS's admin listener), the CA, and the demo clients with
 * their certificate files (paths relative to the checkout root). A contract for scripts and users.
 */
public record SuiteManifest(String issuer, String authzUrl, String authzMtlsUrl, String authzAdminUrl,
        String authzManagementUrl, String introspectionUrl, String introspectionManagementUrl, String resourceUrl,
        String resourceManagementUrl, String ca, List<DemoClient> clients, List<DemoUser> users) {

    /** A seeded end user of the authorization code flow; the password stays in its file. */
    public record DemoUser(String username, String passwordFile) {
    }

    /** One seeded client, as written to {@code suite.json}. */
    public record DemoClient(String clientId, String tokenEndpointAuthMethod, String cert, String key, String p12,
            String scope, String description) {
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> authz = new LinkedHashMap<>();
        authz.put("issuer", issuer);
        authz.put("url", authzUrl);
        authz.put("mtlsUrl", authzMtlsUrl);
        authz.put("adminUrl", authzAdminUrl);
        authz.put("managementUrl", authzManagementUrl);
        json.put("authz", authz);
        json.put("introspection", Map.of("url", introspectionUrl, "managementUrl", introspectionManagementUrl));
        json.put("resource", Map.of("url", resourceUrl, "managementUrl", resourceManagementUrl));
        json.put("ca", ca);
        json.put("clients", clients.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("client_id", c.clientId());
            m.put("token_endpoint_auth_method", c.tokenEndpointAuthMethod());
            m.put("cert", c.cert());
            m.put("key", c.key());
            m.put("p12", c.p12());
            m.put("scope", c.scope());
            m.put("description", c.description());
            return m;
        }).toList());
        json.put("users", users.stream().map(u -> Map.of("username", u.username(), "password_file", u.passwordFile())).toList());
        return json;
    }

    public void write(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    }
}
