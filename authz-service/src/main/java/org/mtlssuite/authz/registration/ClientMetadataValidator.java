package org.mtlssuite.authz.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.oidc.OidcClientMetadata;
import org.mtlssuite.authz.oidc.OidcScopes;
import org.mtlssuite.cert.JwksCertificates;
import org.mtlssuite.clientauth.JwksUriClient;
import org.mtlssuite.clientauth.TlsClientAuthSubject;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.ColumnLimits;
import org.mtlssuite.store.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates client metadata as RFC 7591 and RFC 8705 define it and writes the validated values onto
 * an {@link OAuthClient}, one step per concern (authentication method and its subject property, keys,
 * redirect URIs, grant and response types, scope, audience, OpenID Connect fields). Every refusal is
 * {@code invalid_client_metadata} (or {@code invalid_redirect_uri}) naming the offending field. How a
 * stored client is shown is {@link ClientMetadataResponse}'s concern.
 */
@ApplicationScoped
public class ClientMetadataValidator {

    static final Set<String> KNOWN_FIELDS = union(Set.of("client_id", "client_name", "token_endpoint_auth_method", "jwks",
            "jwks_uri", "tls_client_certificate_bound_access_tokens", "grant_types", "scope", "audience", "introspection_allowed",
            "client_secret", "enabled", "redirect_uris", "response_types"), TlsClientAuthSubject.properties());
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
    static final Map<String, Integer> MAX_LENGTH = maxLengths();

    private static Map<String, Integer> maxLengths() {
        Map<String, Integer> limits = new HashMap<>(Map.ofEntries(Map.entry("client_id", ColumnLimits.CLIENT_ID),
                Map.entry("client_name", ColumnLimits.CLIENT_NAME), Map.entry("token_endpoint_auth_method", ColumnLimits.METHOD_NAME),
                Map.entry("jwks", ColumnLimits.JWKS), Map.entry("jwks_uri", ColumnLimits.URI),
                Map.entry("grant_types", ColumnLimits.METHOD_NAME), Map.entry("response_types", ColumnLimits.METHOD_NAME),
                Map.entry("scope", ColumnLimits.SCOPE), Map.entry("audience", ColumnLimits.AUDIENCE_VALUE),
                Map.entry("redirect_uris", ColumnLimits.URI), Map.entry("client_secret", 72)));
        for (TlsClientAuthSubject subject : TlsClientAuthSubject.values()) {
            limits.put(subject.property, subject.maxLength);
        }
        return Map.copyOf(limits);
    }

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    static final int MAX_FIELD_NAME_LENGTH = 128;

    /**
     * Who registers: the admin API is strict about unknown fields; RFC 7591 2 says to ignore them.
     * {@code CLIENT_UPDATE} is a client changing its own registration (RFC 7592 2.2).
     */
    public enum Registrar {
        ADMIN, DYNAMIC, CLIENT_UPDATE
    }
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~:-]{1,128}");
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private final AuthzConfig config;
    private final JwksUriClient jwksUriPolicy;

    @Inject
    public ClientMetadataValidator(AuthzConfig config, JwksUriClient jwksUriPolicy) {
        this.config = config;
        this.jwksUriPolicy = jwksUriPolicy;
    }

    /** One registered subject property and its value (RFC 8705 2.1.2). */
    record RegisteredSubject(TlsClientAuthSubject property, String value) {
    }

    /** Where a self-signed client's certificates are: its inline JWK Set (as JSON text) or a jwks_uri; at most one. */
    record ClientKeys(String jwks, String jwksUri) {
        boolean any() {
            return jwks != null || jwksUri != null;
        }
    }

    /** Applies validated metadata to {@code client}; {@code clientId} is fixed by the caller. */
    public void apply(JsonNode m, OAuthClient client) {
        apply(m, client, Registrar.ADMIN);
    }

    /**
     * Validates the metadata step by step, in a fixed order (the first failing check is the one the
     * caller hears of), and writes each validated value onto {@code client}. On a client's own update
     * ({@link Registrar#CLIENT_UPDATE}) the fields only an administrator sets keep their stored values.
     */
    public void apply(JsonNode input, OAuthClient client, Registrar registrar) {
        ObjectNode m = acceptedFields(input, registrar);
        requireStorable(m);
        ClientAuthMethod method = authMethod(m);
        client.tokenEndpointAuthMethod = method;
        client.clientName = text(m, "client_name");

        Optional<RegisteredSubject> subject = subject(m, method);
        TlsClientAuthSubject.clearAll(client);
        subject.ifPresent(s -> s.property().register(client, s.value()));

        ClientKeys keys = keys(m);
        client.jwks = keys.jwks();
        client.jwksUri = keys.jwksUri();

        List<String> redirectUris = redirectUris(m);
        client.redirectUris = redirectUris.isEmpty() ? null : String.join(" ", redirectUris);
        requireKeysOfSelfSigned(method, keys);

        client.certificateBoundAccessTokens = bool(m, "tls_client_certificate_bound_access_tokens", false);
        // A client's own update keeps what the administrator decided (the fields were removed from m).
        boolean keepPrivileged = registrar == Registrar.CLIENT_UPDATE;
        client.introspectionAllowed = keepPrivileged ? client.introspectionAllowed : bool(m, "introspection_allowed", false);
        client.enabled = keepPrivileged ? client.enabled : bool(m, "enabled", true);

        List<GrantType> grants = grantTypes(m, method, redirectUris);
        if (method == ClientAuthMethod.NONE && client.introspectionAllowed) {
            throw OAuthException.invalidClientMetadata("introspection_allowed: a public client (none) cannot call introspection");
        }
        responseTypes(m, grants);
        client.grantTypes = grants;
        client.scope = String.join(" ", new LinkedHashSet<>(scopes(m)));
        if (keepPrivileged && client.audience != null) {
            return;
        }
        client.audience = String.join(" ", new LinkedHashSet<>(audience(m)));
        InputValidation.require("audience", client.audience, ColumnLimits.AUDIENCE, OAuthException::invalidClientMetadata);
        OidcClientMetadata.apply(m, client);
    }

    /**
     * A copy of the metadata with only the fields this registrar may set: the admin API refuses an
     * unknown field, a dynamic registration and a client's own update drop unknown and privileged ones.
     */
    static ObjectNode acceptedFields(JsonNode input, Registrar registrar) {
        if (input == null || !input.isObject()) {
            throw OAuthException.invalidClientMetadata("the request body must be a JSON object of client metadata");
        }
        ObjectNode m = ((ObjectNode) input).deepCopy();
        for (Iterator<String> names = input.fieldNames(); names.hasNext();) {
            String name = names.next();
            InputValidation.require("a field name", name, MAX_FIELD_NAME_LENGTH, OAuthException::invalidClientMetadata);
            boolean unknown = !KNOWN_FIELDS.contains(name) && !OidcClientMetadata.FIELDS.contains(name);
            if (registrar == Registrar.ADMIN && unknown) {
                throw OAuthException.invalidClientMetadata(name + " is not a supported client metadata field");
            }
            if (registrar != Registrar.ADMIN && (unknown || PRIVILEGED_FIELDS.contains(name))) {
                m.remove(name);
            }
        }
        return m;
    }

    /** {@code token_endpoint_auth_method}: required, one this server supports. */
    static ClientAuthMethod authMethod(JsonNode m) {
        String methodName = text(m, "token_endpoint_auth_method");
        if (methodName == null) {
            throw OAuthException.invalidClientMetadata("token_endpoint_auth_method is required");
        }
        return ClientAuthMethod.parse(methodName).orElseThrow(() -> OAuthException.invalidClientMetadata(
                "token_endpoint_auth_method " + methodName + " is not supported"));
    }

    /**
     * The subject property of RFC 8705 2.1.2: exactly one with {@code tls_client_auth}, in its
     * syntax; none with any other method.
     */
    static Optional<RegisteredSubject> subject(JsonNode m, ClientAuthMethod method) {
        List<TlsClientAuthSubject> given = new ArrayList<>();
        for (TlsClientAuthSubject s : TlsClientAuthSubject.values()) {
            if (m.hasNonNull(s.property)) {
                given.add(s);
            }
        }
        if (method != ClientAuthMethod.TLS_CLIENT_AUTH) {
            if (!given.isEmpty()) {
                throw OAuthException.invalidClientMetadata(given.get(0).property + " is only valid with tls_client_auth");
            }
            return Optional.empty();
        }
        if (given.size() != 1) {
            throw OAuthException.invalidClientMetadata("tls_client_auth requires exactly one of " + TlsClientAuthSubject.properties()
                    + (given.isEmpty() ? ", none given" : ", got " + given));
        }
        TlsClientAuthSubject property = given.get(0);
        String value = text(m, property.property);
        try {
            property.checkSyntax(value);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClientMetadata(e.getMessage());
        }
        return Optional.of(new RegisteredSubject(property, value));
    }

    /** {@code jwks} (a JWK Set whose certificates parse) or {@code jwks_uri} (absolute https, allowed by the fetch policy), not both. */
    ClientKeys keys(JsonNode m) {
        boolean hasJwks = m.hasNonNull("jwks");
        boolean hasJwksUri = m.hasNonNull("jwks_uri");
        if (hasJwks && hasJwksUri) {
            throw OAuthException.invalidClientMetadata("jwks and jwks_uri must not both be present");
        }
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
            String text = jwks.toString();
            InputValidation.require("jwks", text, ColumnLimits.JWKS, OAuthException::invalidClientMetadata);
            return new ClientKeys(text, null);
        }
        if (hasJwksUri) {
            String uri = text(m, "jwks_uri");
            if (!isAbsolute(uri, "https")) {
                throw OAuthException.invalidClientMetadata("jwks_uri must be an absolute https URI");
            }
            try {
                jwksUriPolicy.check(URI.create(uri));
            } catch (JwksUriClient.JwksFetchException e) {
                throw OAuthException.invalidClientMetadata("jwks_uri: " + e.getMessage());
            }
            return new ClientKeys(null, uri);
        }
        return new ClientKeys(null, null);
    }

    /** RFC 8705 2.2: a self-signed client authenticates with certificates it registered, so it must register some. */
    static void requireKeysOfSelfSigned(ClientAuthMethod method, ClientKeys keys) {
        if (method == ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH && !keys.any()) {
            throw OAuthException.invalidClientMetadata("self_signed_tls_client_auth requires jwks or jwks_uri");
        }
    }

    /** {@code redirect_uris}: each an absolute https URI with a host and no fragment (refused as invalid_redirect_uri). */
    static List<String> redirectUris(JsonNode m) {
        List<String> redirectUris = stringList(m, "redirect_uris", List.of());
        for (String r : redirectUris) {
            URI u;
            try {
                u = new URI(r);
            } catch (URISyntaxException e) {
                throw new OAuthException(400, OAuthError.INVALID_REDIRECT_URI, "redirect_uris: " + r + " is not a URI");
            }
            if (!u.isAbsolute() || !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getFragment() != null) {
                throw new OAuthException(400, OAuthError.INVALID_REDIRECT_URI,
                        "redirect_uris: " + r + " must be an absolute https URI without a fragment");
            }
        }
        InputValidation.require("redirect_uris", redirectUris.isEmpty() ? null : String.join(" ", redirectUris),
                ColumnLimits.REDIRECT_URIS, OAuthException::invalidClientMetadata);
        return redirectUris;
    }

    /**
     * {@code grant_types} (default: authorization_code for a public client, client_credentials
     * otherwise): supported ones only, never implicit, and consistent with the method and the redirect URIs.
     */
    static List<GrantType> grantTypes(JsonNode m, ClientAuthMethod method, List<String> redirectUris) {
        List<String> names = stringList(m, "grant_types",
                List.of((method == ClientAuthMethod.NONE ? GrantType.AUTHORIZATION_CODE : GrantType.CLIENT_CREDENTIALS).value));
        if (names.isEmpty()) {
            throw OAuthException.invalidClientMetadata("grant_types must name at least one grant type");
        }
        // Parsed once, in registration order, each once.
        Set<GrantType> grants = new LinkedHashSet<>();
        for (String g : names) {
            // implicit is a grant type of RFC 6749, refused with its own reason; GrantType only holds offered ones.
            if ("implicit".equals(g)) {
                throw OAuthException.invalidClientMetadata("grant_types: implicit is not offered (RFC 8705 6.4)");
            }
            grants.add(GrantType.parse(g).orElseThrow(() -> OAuthException.invalidClientMetadata("grant_types: " + g + " is not supported")));
        }
        if (method == ClientAuthMethod.NONE && grants.contains(GrantType.CLIENT_CREDENTIALS)) {
            throw OAuthException.invalidClientMetadata("grant_types: a public client (none) cannot use client_credentials");
        }
        if (grants.contains(GrantType.AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            throw new OAuthException(400, OAuthError.INVALID_REDIRECT_URI, "redirect_uris: the authorization_code grant needs at least one");
        }
        if (grants.contains(GrantType.REFRESH_TOKEN) && !grants.contains(GrantType.AUTHORIZATION_CODE)) {
            throw OAuthException.invalidClientMetadata("grant_types: refresh_token is only issued with authorization_code");
        }
        return List.copyOf(grants);
    }

    /** RFC 7591 2.1: response_types must agree with grant_types; only code exists here (RFC 8705 6.4). */
    static List<String> responseTypes(JsonNode m, List<GrantType> grants) {
        List<String> responseTypes = stringList(m, "response_types",
                grants.contains(GrantType.AUTHORIZATION_CODE) ? List.of("code") : List.of());
        for (String r : responseTypes) {
            if (!"code".equals(r)) {
                throw OAuthException.invalidClientMetadata("response_types: " + r
                        + " is not offered; only code (implicit and hybrid flows cannot bind tokens, RFC 8705 6.4)");
            }
        }
        if (responseTypes.contains("code") != grants.contains(GrantType.AUTHORIZATION_CODE)) {
            throw OAuthException.invalidClientMetadata("response_types: code goes together with the authorization_code grant");
        }
        return responseTypes;
    }

    /** {@code scope}: space-separated scope tokens (RFC 6749 3.3), each one this server offers. */
    List<String> scopes(JsonNode m) {
        String scope = text(m, "scope");
        List<String> scopes = scope == null ? List.of() : OAuthClient.split(scope);
        for (String s : scopes) {
            if (!SCOPE_TOKEN.matcher(s).matches()) {
                throw OAuthException.invalidClientMetadata("scope: " + s + " is not a valid scope token");
            }
            if (!OidcScopes.supported(config).contains(s)) {
                throw OAuthException.invalidClientMetadata("scope: " + s + " is not offered by this server");
            }
        }
        return scopes;
    }

    /** {@code audience} of the client's access tokens: at least one; the configured default when absent. */
    List<String> audience(JsonNode m) {
        List<String> audience = stringList(m, "audience", config.token().defaultAudience());
        if (audience.isEmpty()) {
            throw OAuthException.invalidClientMetadata("audience must name at least one resource");
        }
        return audience;
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

    private static boolean isAbsolute(String value, String requiredScheme) {
        try {
            URI u = new URI(value);
            return u.isAbsolute() && requiredScheme.equalsIgnoreCase(u.getScheme()) && u.getHost() != null;
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
}
