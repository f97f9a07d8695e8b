package org.mtlssuite.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.AttributeConverter;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.Converter;

/** The grant types this suite offers (RFC 6749 4.1, 4.4 and 6), with their wire names. */
public enum GrantType {
    AUTHORIZATION_CODE("authorization_code"),
    CLIENT_CREDENTIALS("client_credentials"),
    REFRESH_TOKEN("refresh_token");

    /** The wire name ({@code grant_type} parameter, {@code grant_types} metadata and column). */
    @JsonValue
    public final String value;

    GrantType(String value) {
        this.value = value;
    }

    public static Optional<GrantType> parse(String value) {
        return Arrays.stream(values()).filter(g -> g.value.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * A client's grant types as the {@code grant_types} column has always held them: the wire names,
     * space-separated, in registration order. Registration accepts only the names of this enum; a
     * name it does not know (a row written by hand) is skipped rather than failing every load.
     */
    @Converter
    public static class ListColumn implements AttributeConverter<List<GrantType>, String> {
        @Override
        public String convertToDatabaseColumn(List<GrantType> grants) {
            return grants == null ? null : String.join(" ", grants.stream().map(g -> g.value).toList());
        }

        @Override
        public List<GrantType> convertToEntityAttribute(String column) {
            return column == null ? null : SpaceDelimited.split(column).stream().map(GrantType::parse)
                    .flatMap(Optional::stream).toList();
        }
    }
}
