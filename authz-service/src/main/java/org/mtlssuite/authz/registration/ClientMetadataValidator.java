package org.mtlssuite.authz.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.cert.DistinguishedNameMatcher;
import org.mtlssuite.cert.JwksCertificates;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.ColumnLimits;
import org.mtlssuite.store.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates client metadata as RFC 7591 and RFC 8705 define it and writes it onto an
 * {@link OAuthClient}. Every refusal is {@code invalid_client_metadata} naming the offending field.
 */
@ApplicationScoped
public class ClientMetadataValidator {

    static final List<String> SUBJECT_PROPERTIES = List.of("tls_client_auth_subject_dn", "tls_client_auth_san_dns",
            "tls_client_auth_san_uri", "tls_client_auth_san_ip", "tls_client_auth_san_email");
    static final Set<String> GRANT_TYPES = Set.of("client_credentials", "authorization_code", "refresh_token");
    static final Set<String> KNOWN_FIELDS = Set.of("client_id", "client_name", "token_endpoint_auth_method",
            "tls_client_auth_subject_dn", "tls_client_auth_san_dns", "tls_client_auth_san_uri", "tls_client_auth_san_ip",
            "tls_client_auth_san_email", "jwks", "jwks_uri", "tls_client_certificate_bound_access_tokens", "grant_types",
            "scope", "audience", "introspection_allowed", "client_secret", "enabled", "redirect_uris", "response_types");
    /**
     * Fields only an administrator may set: a dynamic registration ignores them (and gets the
     * defaults), and a client's own RFC 7592 update ignores them too, keeping the stored values: a
     * client must not re-enable itself, grant itself introspection or widen its audience.
     */
    static final Set<String> PRIVILEGED_FIELDS = Set.of("audience", "introspection_allowed", "enabled", "client_secret");

    /**
     * The longest value of each stored field ({@link ColumnLimits}); for a list, of one element. jwks
     * is bounded as a whole, the lists' joined columns where they are joined.
     */
    static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(Map.entry("client_id", ColumnLimits.CLIENT_ID),
            Map.entry("client_name", ColumnLimits.CLIENT_NAME), Map.entry("token_endpoint_auth_method", ColumnLimits.METHOD_NAME),
            Map.entry("tls_client_auth_subject_dn", ColumnLimits.SUBJECT_DN),
            Map.entry("tls_client_auth_san_dns", ColumnLimits.SAN_DNS), Map.entry("tls_client_auth_san_uri", ColumnLimits.URI),
            Map.entry("tls_client_auth_san_ip", ColumnLimits.SAN_IP),
            Map.entry("tls_client_auth_san_email", ColumnLimits.SAN_EMAIL), Map.entry("jwks", ColumnLimits.JWKS),
            Map.entry("jwks_uri", ColumnLimits.URI), Map.entry("grant_types", ColumnLimits.METHOD_NAME),
            Map.entry("response_types", ColumnLimits.METHOD_NAME), Map.entry("scope", ColumnLimits.SCOPE),
            Map.entry("audience", ColumnLimits.AUDIENCE_VALUE), Map.entry("redirect_uris", ColumnLimits.URI),
            Map.entry("client_secret", 72));
    static final int MAX_FIELD_NAME_LENGTH = 128;

    /**
     * Who registers: the admin API is strict about unknown fields; RFC 7591 2 says to ignore them.
     * {@code CLIENT_UPDATE} is a client changing its own registration (RFC 7592 2.2).
     */
    public enum Registrar {
        ADMIN, DYNAMIC, CLIENT_UPDATE
    }
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~:-]{1,128}");
    private static final Pattern DNS_NAME = Pattern.compile("(?i)(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    @Inject
    AuthzConfig config;

    @Inject
    org.mtlssuite.clientauth.JwksUriClient jwksUriPolicy;

    /** Applies validated metadata to {@code client}; {@code clientId} is fixed by the caller. */
    public void apply(JsonNode m, OAuthClient client) {
        apply(m, client, Registrar.ADMIN);
    }

    public void apply(JsonNode input, OAuthClient client, Registrar registrar) {
        if (input == null || !input.isObject()) {
            throw OAuthException.invalidClientMetadata("the request body must be a JSON object of client metadata");
        }
        com.fasterxml.jackson.databind.node.ObjectNode m = ((com.fasterxml.jackson.databind.node.ObjectNode) input).deepCopy();
        for (Iterator<String> names = input.fieldNames(); names.hasNext();) {
            String name = names.next();
            InputValidation.require("a field name", name, MAX_FIELD_NAME_LENGTH, OAuthException::invalidClientMetadata);
            boolean unknown = !KNOWN_FIELDS.contains(name) && !org.mtlssuite.authz.oidc.OidcClientMetadata.FIELDS.contains(name);
            if (registrar == Registrar.ADMIN && unknown) {
                throw OAuthException.invalidClientMetadata(name + " is not a supported client metadata field");
            }
            if (registrar != Registrar.ADMIN && (unknown || PRIVILEGED_FIELDS.contains(name))) {
                m.remove(name);
            }
        }
        requireStorable(m);
        String methodName = text(m, "token_endpoint_auth_method");
        if (methodName == null) {
            throw OAuthException.invalidClientMetadata("token_endpoint_auth_method is required");
        }
        ClientAuthMethod method = ClientAuthMethod.parse(methodName).orElseThrow(() -> OAuthException.invalidClientMetadata(
                "token_endpoint_auth_method " + methodName + " is not supported"));
        client.tokenEndpointAuthMethod = method;
        client.clientName = text(m, "client_name");

        List<String> subjectFields = new ArrayList<>();
        for (String f : SUBJECT_PROPERTIES) {
            if (m.hasNonNull(f)) {
                subjectFields.add(f);
            }
        }
        client.tlsClientAuthSubjectDn = null;
        client.tlsClientAuthSanDns = null;
        client.tlsClientAuthSanUri = null;
        client.tlsClientAuthSanIp = null;
        client.tlsClientAuthSanEmail = null;
        if (method == ClientAuthMethod.TLS_CLIENT_AUTH) {
            if (subjectFields.size() != 1) {
                throw OAuthException.invalidClientMetadata("tls_client_auth requires exactly one of " + SUBJECT_PROPERTIES
                        + (subjectFields.isEmpty() ? ", none given" : ", got " + subjectFields));
            }
            applySubject(subjectFields.get(0), text(m, subjectFields.get(0)), client);
        } else if (!subjectFields.isEmpty()) {
            throw OAuthException.invalidClientMetadata(subjectFields.get(0) + " is only valid with tls_client_auth");
        }

        boolean hasJwks = m.hasNonNull("jwks");
        boolean hasJwksUri = m.hasNonNull("jwks_uri");
        if (hasJwks && hasJwksUri) {
            throw OAuthException.invalidClientMetadata("jwks and jwks_uri must not both be present");
        }
        client.jwks = null;
        client.jwksUri = null;
        if (hasJwks) {
            JsonNode jwks = m.get("jwks");
            if (!jwks.isObject()) {
                throw OAuthException.invalidClientMetadata("jwks must be a JWK Set object");
            }
            try {
                JwksCertificates.parse(jwks.toString());
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidClientMetadata("jwks: " + e.getMessage());
            }
            client.jwks = jwks.toString();
            InputValidation.require("jwks", client.jwks, ColumnLimits.JWKS, OAuthException::invalidClientMetadata);
        }
        if (hasJwksUri) {
            String uri = text(m, "jwks_uri");
            if (!isAbsolute(uri, "https")) {
                throw OAuthException.invalidClientMetadata("jwks_uri must be an absolute https URI");
            }
            try {
                jwksUriPolicy.check(URI.create(uri));
            } catch (org.mtlssuite.clientauth.JwksUriClient.JwksFetchException e) {
                throw OAuthException.invalidClientMetadata("jwks_uri: " + e.getMessage());
            }
            client.jwksUri = uri;
        }
        List<String> redirectUris = stringList(m, "redirect_uris", List.of());
        for (String r : redirectUris) {
            URI u;
            try {
                u = new URI(r);
            } catch (URISyntaxException e) {
                throw new OAuthException(400, org.mtlssuite.protocol.OAuthError.INVALID_REDIRECT_URI, "redirect_uris: " + r + " is not a URI");
            }
            if (!u.isAbsolute() || !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getFragment() != null) {
                throw new OAuthException(400, org.mtlssuite.protocol.OAuthError.INVALID_REDIRECT_URI,
                        "redirect_uris: " + r + " must be an absolute https URI without a fragment");
            }
        }
        client.redirectUris = redirectUris.isEmpty() ? null : String.join(" ", redirectUris);
        InputValidation.require("redirect_uris", client.redirectUris, ColumnLimits.REDIRECT_URIS,
                OAuthException::invalidClientMetadata);
        if (method == ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH && !hasJwks && !hasJwksUri) {
            throw OAuthException.invalidClientMetadata("self_signed_tls_client_auth requires jwks or jwks_uri");
        }

        client.certificateBoundAccessTokens = bool(m, "tls_client_certificate_bound_access_tokens", false);
        // A client's own update keeps what the administrator decided (the fields were removed from m above).
        boolean keepPrivileged = registrar == Registrar.CLIENT_UPDATE;
        client.introspectionAllowed = keepPrivileged ? client.introspectionAllowed : bool(m, "introspection_allowed", false);
        client.enabled = keepPrivileged ? client.enabled : bool(m, "enabled", true);

        List<String> grants = stringList(m, "grant_types",
                List.of(method == ClientAuthMethod.NONE ? "authorization_code" : "client_credentials"));
        if (grants.isEmpty()) {
            throw OAuthException.invalidClientMetadata("grant_types must name at least one grant type");
        }
        for (String g : grants) {
            if ("implicit".equals(g)) {
                throw OAuthException.invalidClientMetadata("grant_types: implicit is not offered (RFC 8705 6.4)");
            }
            if (!GRANT_TYPES.contains(g)) {
                throw OAuthException.invalidClientMetadata("grant_types: " + g + " is not supported");
            }
        }
        if (method == ClientAuthMethod.NONE && grants.contains("client_credentials")) {
            throw OAuthException.invalidClientMetadata("grant_types: a public client (none) cannot use client_credentials");
        }
        if (grants.contains("authorization_code") && redirectUris.isEmpty()) {
            throw new OAuthException(400, org.mtlssuite.protocol.OAuthError.INVALID_REDIRECT_URI,
                    "redirect_uris: the authorization_code grant needs at least one");
        }
        if (grants.contains("refresh_token") && !grants.contains("authorization_code")) {
            throw OAuthException.invalidClientMetadata("grant_types: refresh_token is only issued with authorization_code");
        }
        if (method == ClientAuthMethod.NONE && client.introspectionAllowed) {
            throw OAuthException.invalidClientMetadata("introspection_allowed: a public client (none) cannot call introspection");
        }
        // RFC 7591 2.1: response_types must agree with grant_types; only code exists here (RFC 8705 6.4).
        List<String> responseTypes = stringList(m, "response_types",
                grants.contains("authorization_code") ? List.of("code") : List.of());
        for (String r : responseTypes) {
            if (!"code".equals(r)) {
                throw OAuthException.invalidClientMetadata("response_types: " + r
                        + " is not offered; only code (implicit and hybrid flows cannot bind tokens, RFC 8705 6.4)");
            }
        }
        if (responseTypes.contains("code") != grants.contains("authorization_code")) {
            throw OAuthException.invalidClientMetadata("response_types: code goes together with the authorization_code grant");
        }
        client.grantTypes = new LinkedHashSet<>(grants).stream().map(g -> GrantType.parse(g).orElseThrow()).toList();

        String scope = text(m, "scope");
        List<String> scopes = scope == null ? List.of() : OAuthClient.split(scope);
        for (String s : scopes) {
            if (!SCOPE_TOKEN.matcher(s).matches()) {
                throw OAuthException.invalidClientMetadata("scope: " + s + " is not a valid scope token");
            }
            if (!org.mtlssuite.authz.oidc.OidcScopes.supported(config).contains(s)) {
                throw OAuthException.invalidClientMetadata("scope: " + s + " is not offered by this server");
            }
        }
        client.scope = String.join(" ", new LinkedHashSet<>(scopes));
        if (keepPrivileged && client.audience != null) {
            return;
        }
        List<String> audience = stringList(m, "audience", config.token().defaultAudience());
        if (audience.isEmpty()) {
            throw OAuthException.invalidClientMetadata("audience must name at least one resource");
        }
        client.audience = String.join(" ", new LinkedHashSet<>(audience));
        InputValidation.require("audience", client.audience, ColumnLimits.AUDIENCE, OAuthException::invalidClientMetadata);
        org.mtlssuite.authz.oidc.OidcClientMetadata.apply(m, client);
    }

    /**
     * Every string of the metadata, however deeply nested, is storable ({@link InputValidation}):
     * a known field within its {@link #MAX_LENGTH}, anything else (inside jwks) within the body.
     * Refused as {@code invalid_client_metadata} naming the field, e.g. {@code redirect_uris[1]}.
     */
    static void requireStorable(JsonNode metadata) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = metadata.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> f = fields.next();
            requireStorable(f.getKey(), f.getValue(), MAX_LENGTH.getOrDefault(f.getKey(), Integer.MAX_VALUE));
        }
    }

    private static void requireStorable(String path, JsonNode node, int maxLength) {
        if (node.isTextual()) {
            InputValidation.require(path, node.textValue(), maxLength, OAuthException::invalidClientMetadata);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorable(path + "[" + i + "]", node.get(i), maxLength);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> f = fields.next();
                InputValidation.require(path + ": a field name", f.getKey(), MAX_FIELD_NAME_LENGTH,
                        OAuthException::invalidClientMetadata);
                requireStorable(path + "." + f.getKey(), f.getValue(), Integer.MAX_VALUE);
            }
        }
    }

    public static void requireValidClientId(String clientId) {
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw OAuthException.invalidClientMetadata("client_id must be 1-128 characters of A-Z a-z 0-9 . _ ~ : -");
        }
    }

    private void applySubject(String field, String value, OAuthClient client) {
        if (value == null || value.isBlank()) {
            throw OAuthException.invalidClientMetadata(field + " must be a non-empty string");
        }
        switch (field) {
            case "tls_client_auth_subject_dn" -> {
                try {
                    DistinguishedNameMatcher.parse(value);
                } catch (IllegalArgumentException e) {
                    throw OAuthException.invalidClientMetadata(field + " is not an RFC 4514 distinguished name");
                }
                client.tlsClientAuthSubjectDn = value;
            }
            case "tls_client_auth_san_dns" -> {
                if (!DNS_NAME.matcher(value).matches()) {
                    throw OAuthException.invalidClientMetadata(field + " is not a DNS name");
                }
                client.tlsClientAuthSanDns = value;
            }
            case "tls_client_auth_san_uri" -> {
                if (!isAbsolute(value, null)) {
                    throw OAuthException.invalidClientMetadata(field + " is not an absolute URI");
                }
                client.tlsClientAuthSanUri = value;
            }
            case "tls_client_auth_san_ip" -> {
                if (SubjectAlternativeNameMatcher.literal(value) == null) {
                    throw OAuthException.invalidClientMetadata(field + " is not an IPv4 or IPv6 address");
                }
                client.tlsClientAuthSanIp = value;
            }
            case "tls_client_auth_san_email" -> {
                int at = value.lastIndexOf('@');
                if (at <= 0 || at == value.length() - 1 || value.chars().anyMatch(Character::isWhitespace)) {
                    throw OAuthException.invalidClientMetadata(field + " is not an email address");
                }
                client.tlsClientAuthSanEmail = value;
            }
            default -> throw new IllegalArgumentException(field);
        }
    }

    private static boolean isAbsolute(String value, String requiredScheme) {
        try {
            URI u = new URI(value);
            return u.isAbsolute() && (requiredScheme == null || requiredScheme.equalsIgnoreCase(u.getScheme()))
                    && (requiredScheme == null || u.getHost() != null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw OAuthException.invalidClientMetadata(field + " must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode m, String field, boolean fallback) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw OAuthException.invalidClientMetadata(field + " must be a boolean");
        }
        return v.asBoolean();
    }

    private static List<String> stringList(JsonNode m, String field, List<String> fallback) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isArray()) {
            throw OAuthException.invalidClientMetadata(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw OAuthException.invalidClientMetadata(field + " must be an array of non-empty strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** The metadata of a stored client, as the admin API returns it (never a secret). */
    public static Map<String, Object> describe(OAuthClient c, com.fasterxml.jackson.databind.ObjectMapper json) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("client_id", c.clientId);
        if (c.clientName != null) {
            out.put("client_name", c.clientName);
        }
        out.put("token_endpoint_auth_method", c.tokenEndpointAuthMethod);
        putIf(out, "tls_client_auth_subject_dn", c.tlsClientAuthSubjectDn);
        putIf(out, "tls_client_auth_san_dns", c.tlsClientAuthSanDns);
        putIf(out, "tls_client_auth_san_uri", c.tlsClientAuthSanUri);
        putIf(out, "tls_client_auth_san_ip", c.tlsClientAuthSanIp);
        putIf(out, "tls_client_auth_san_email", c.tlsClientAuthSanEmail);
        if (c.jwks != null) {
            try {
                out.put("jwks", json.readTree(c.jwks));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        putIf(out, "jwks_uri", c.jwksUri);
        out.put("tls_client_certificate_bound_access_tokens", c.certificateBoundAccessTokens);
        out.put("grant_types", c.grantTypeList());
        out.put("scope", c.scope);
        out.put("audience", c.audienceList());
        out.put("introspection_allowed", c.introspectionAllowed);
        out.put("enabled", c.enabled);
        if (c.redirectUris != null) {
            out.put("redirect_uris", OAuthClient.split(c.redirectUris));
        }
        if (c.mayUse(GrantType.AUTHORIZATION_CODE)) {
            out.put("response_types", List.of("code"));
        }
        org.mtlssuite.authz.oidc.OidcClientMetadata.describe(c, out);
        return out;
    }

    private static void putIf(Map<String, Object> out, String k, Object v) {
        if (v != null) {
            out.put(k, v);
        }
    }
}
