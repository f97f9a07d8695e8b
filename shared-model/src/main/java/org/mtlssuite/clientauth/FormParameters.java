package org.mtlssuite.clientauth;

import java.util.List;
import java.util.Map;

import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.ColumnLimits;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Request parameters of the OAuth endpoints (forms, and the authorization endpoint's query):
 * RFC 6749 3.1/3.2 (no parameter more than once) and {@link InputValidation} (no NUL, no broken
 * UTF-8, no value longer than its limit).
 */
public final class FormParameters {

    /**
     * The limit of each parameter whose value is stored or looked up in a column; {@code token}
     * (an access or refresh token to revoke or introspect) is only parsed or hashed, but a JWT is
     * long. Every other parameter gets {@link #DEFAULT_MAX_LENGTH}.
     */
    static final Map<String, Integer> MAX_LENGTH = Map.of("client_id", ColumnLimits.CLIENT_ID, "redirect_uri",
            ColumnLimits.URI, "scope", ColumnLimits.SCOPE, "state", ColumnLimits.STATE, "code_challenge",
            ColumnLimits.CODE_CHALLENGE, "username", ColumnLimits.USERNAME, "token", 32_768);
    /** Enough for codes, refresh tokens, verifiers, CSRF tokens, passwords and any parameter we ignore. */
    public static final int DEFAULT_MAX_LENGTH = 2048;
    static final int MAX_NAME_LENGTH = 128;

    private FormParameters() {
    }

    /** The longest value accepted for parameter {@code name}. */
    public static int maxLength(String name) {
        return MAX_LENGTH.getOrDefault(name, DEFAULT_MAX_LENGTH);
    }

    /**
     * Parses {@code application/x-www-form-urlencoded} text (a form body or a query string) as the
     * WHATWG URL standard does, except that a {@code %} not followed by two hex digits is refused
     * ({@code invalid_request}) instead of failing deep in the framework as a 500. Percent-decoded
     * bytes are read as UTF-8; a broken sequence becomes U+FFFD, which {@link InputValidation}
     * then refuses with the endpoint's own error code, naming the parameter.
     */
    public static MultivaluedMap<String, String> parse(byte[] raw) {
        MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
        int start = 0;
        while (raw != null && start < raw.length) {
            int end = start;
            int eq = -1;
            while (end < raw.length && raw[end] != '&') {
                if (raw[end] == '=' && eq < 0) {
                    eq = end;
                }
                end++;
            }
            if (end > start) {
                out.add(decode(raw, start, eq < 0 ? end : eq), eq < 0 ? "" : decode(raw, eq + 1, end));
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * The authorization endpoint's query: parsed as {@link #parse(byte[])} does, each parameter
     * checked by {@link #requireStorable}. Repeated parameters are the endpoint's to judge.
     */
    public static MultivaluedMap<String, String> storableQuery(String rawQuery) {
        MultivaluedMap<String, String> query = parseQuery(rawQuery);
        requireStorable(query);
        return query;
    }

    /** A query string as {@link #parse(byte[])} reads it; null is an empty query. */
    public static MultivaluedMap<String, String> parseQuery(String rawQuery) {
        return parse(rawQuery == null ? null : rawQuery.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(byte[] raw, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int hi = i + 2 < to ? Character.digit(raw[i + 1], 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw[i + 2], 16);
                if (lo < 0) {
                    throw OAuthException.invalidRequest("malformed form encoding: % must be followed by two hex digits");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The parameter's single value, null when absent; {@code invalid_request} when repeated. */
    public static String single(MultivaluedMap<String, String> form, String name) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OAuthException.invalidRequest("parameter " + name + " is repeated");
        }
        String v = values.get(0);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Rejects any repeated parameter. */
    public static void requireNoDuplicates(MultivaluedMap<String, String> form) {
        if (form == null) {
            return;
        }
        form.forEach((name, values) -> {
            if (values != null && values.size() > 1) {
                throw OAuthException.invalidRequest("parameter " + name + " is repeated");
            }
        });
    }

    /**
     * The form of an endpoint that authenticates its caller (token, revocation, introspection). A
     * {@code client_id} no client can have is a failed client authentication ({@code invalid_client},
     * checked first); then no parameter may be repeated, and every one must pass
     * {@link #requireStorable} ({@code invalid_request}).
     */
    public static void requireWellFormed(MultivaluedMap<String, String> form) {
        if (form == null) {
            return;
        }
        List<String> clientIds = form.get("client_id");
        if (clientIds != null) {
            for (String id : clientIds) {
                InputValidation.require("client_id", id, maxLength("client_id"),
                        problem -> OAuthException.invalidClient("client authentication failed: " + problem));
            }
        }
        requireNoDuplicates(form);
        requireStorable(form);
    }

    /**
     * Every name and value (repeated ones too) passes {@link InputValidation} with the parameter's
     * limit; otherwise {@code invalid_request} naming the parameter.
     */
    public static void requireStorable(MultivaluedMap<String, String> params) {
        if (params == null) {
            return;
        }
        params.forEach((name, values) -> {
            InputValidation.require("a parameter name", name, MAX_NAME_LENGTH, OAuthException::invalidRequest);
            if (values != null) {
                for (String v : values) {
                    InputValidation.require("parameter " + name, v, maxLength(name), OAuthException::invalidRequest);
                }
            }
        });
    }
}
