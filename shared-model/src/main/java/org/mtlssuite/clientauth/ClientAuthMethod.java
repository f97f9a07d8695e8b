package org.mtlssuite.clientauth;

import java.util.Arrays;
import java.util.Optional;

/** Token endpoint authentication methods (RFC 7591 2, RFC 8705 2.1.1 and 2.2.1). */
public enum ClientAuthMethod {
    TLS_CLIENT_AUTH("tls_client_auth"),
    SELF_SIGNED_TLS_CLIENT_AUTH("self_signed_tls_client_auth"),
    CLIENT_SECRET_BASIC("client_secret_basic"),
    NONE("none");

    public final String value;

    ClientAuthMethod(String value) {
        this.value = value;
    }

    public static Optional<ClientAuthMethod> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
    }

    public boolean usesCertificate() {
        return this == TLS_CLIENT_AUTH || this == SELF_SIGNED_TLS_CLIENT_AUTH;
    }
}
