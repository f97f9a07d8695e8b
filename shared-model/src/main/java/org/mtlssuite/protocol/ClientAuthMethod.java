package org.mtlssuite.protocol;

import java.util.Arrays;
import java.util.Optional;

import jakarta.persistence.AttributeConverter;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.Converter;

/**
 * Token endpoint authentication methods (RFC 7591 2, RFC 8705 2.1.1 and 2.2.1), with their wire
 * names. A protocol value, not a client-authentication detail: registration, the metadata document,
 * the client table and the authenticators all speak it.
 */
public enum ClientAuthMethod {
    TLS_CLIENT_AUTH("tls_client_auth"),
    SELF_SIGNED_TLS_CLIENT_AUTH("self_signed_tls_client_auth"),
    CLIENT_SECRET_BASIC("client_secret_basic"),
    NONE("none");

    /** The wire name (and the value of the {@code token_endpoint_auth_method} column). */
    @JsonValue
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

    @Override
    public String toString() {
        return value;
    }

    /**
     * Stores the wire name, as the column always held. A name this enum does not know (a row written
     * by hand) loads as null, which client authentication refuses as an unsupported method, as before.
     */
    @Converter
    public static class Column implements AttributeConverter<ClientAuthMethod, String> {
        @Override
        public String convertToDatabaseColumn(ClientAuthMethod method) {
            return method == null ? null : method.value;
        }

        @Override
        public ClientAuthMethod convertToEntityAttribute(String value) {
            return value == null ? null : parse(value).orElse(null);
        }
    }
}
