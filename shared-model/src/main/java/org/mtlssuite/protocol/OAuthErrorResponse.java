package org.mtlssuite.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The RFC 6749 5.2 (and RFC 7591 3.2.2) error body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthErrorResponse(@JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {
}
