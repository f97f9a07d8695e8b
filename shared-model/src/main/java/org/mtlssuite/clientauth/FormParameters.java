package org.mtlssuite.clientauth;

import java.util.List;

import org.mtlssuite.protocol.OAuthException;

import jakarta.ws.rs.core.MultivaluedMap;

/** RFC 6749 3.1/3.2: request parameters must not be included more than once. */
public final class FormParameters {

    private FormParameters() {
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
}
