package org.mtlssuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class InputValidationTest {

    @Test
    void acceptsOrdinaryTextUpToTheLimitIncludingSupplementaryCharacters() {
        assertNull(InputValidation.problem(null, 1));
        assertNull(InputValidation.problem("", 0));
        assertNull(InputValidation.problem("abc", 3));
        assertNull(InputValidation.problem("café \u00e9\u4e2d\uD83D\uDE00 tab\tnewline\n", 64));
    }

    @Test
    void refusesNulBrokenUtf8AndOverLongValues() {
        assertEquals("is longer than 3 characters", InputValidation.problem("abcd", 3));
        assertEquals("contains a NUL character", InputValidation.problem("a\u0000b", 10));
        assertEquals("is not valid UTF-8", InputValidation.problem("a\uFFFDb", 10));
        assertEquals("is not valid UTF-8 (an unpaired surrogate)", InputValidation.problem("a\uD800b", 10));
        assertEquals("is not valid UTF-8 (an unpaired surrogate)", InputValidation.problem("a\uDC00", 10));
        assertEquals("is not valid UTF-8 (an unpaired surrogate)", InputValidation.problem("\uD800", 10));
    }

    @Test
    void requireNamesTheFieldAndUsesTheEndpointsErrorCode() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> InputValidation.require("client_name", "a\u0000", 255, OAuthException::invalidClientMetadata));
        assertEquals("invalid_client_metadata", e.error());
        assertEquals(400, e.status());
        assertEquals("client_name contains a NUL character", e.description());
    }

    @Test
    void jsonIsReadAsStrictUtf8() {
        ObjectMapper mapper = new ObjectMapper();
        assertEquals("café", InputValidation.json(mapper, "{\"n\":\"café\"}".getBytes(StandardCharsets.UTF_8),
                OAuthException::invalidRequest).get("n").asText());
        assertNull(InputValidation.json(mapper, new byte[0], OAuthException::invalidRequest));
        OAuthException broken = assertThrows(OAuthException.class, () -> InputValidation.json(mapper,
                new byte[] { '{', '"', 'n', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}' }, OAuthException::invalidRequest));
        assertEquals("invalid_request", broken.error());
        assertThrows(OAuthException.class,
                () -> InputValidation.json(mapper, "{} []".getBytes(StandardCharsets.UTF_8), OAuthException::invalidRequest));
        assertThrows(OAuthException.class,
                () -> InputValidation.json(mapper, "{\"n\":".getBytes(StandardCharsets.UTF_8), OAuthException::invalidRequest));
    }
}
