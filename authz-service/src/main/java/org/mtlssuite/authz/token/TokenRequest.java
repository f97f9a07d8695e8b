package org.mtlssuite.authz.token;

import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.store.OAuthClient;

import jakarta.ws.rs.core.MultivaluedMap;

/** A token request whose client has authenticated: the client and the form's parameters. */
public record TokenRequest(AuthenticatedClient client, MultivaluedMap<String, String> form) {

    /** The single value of a parameter (repeats were refused before), or null. */
    public String parameter(String name) {
        return FormParameters.single(form, name);
    }

    /** The registered client. */
    public OAuthClient registration() {
        return client.client();
    }
}
