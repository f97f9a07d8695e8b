package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mtlssuite.protocol.OAuthException;

import jakarta.ws.rs.core.MultivaluedMap;

class FormParametersTest {

    static MultivaluedMap<String, String> parse(String raw) {
        return FormParameters.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parsesFormEncodingLikeEveryBrowser() {
        MultivaluedMap<String, String> f = parse("a=1&b=x+y%2Bz&c=caf%C3%A9&d&e=&&a=2&f=k%3Dv=w");
        assertEquals(List.of("1", "2"), f.get("a"));
        assertEquals("x y+z", f.getFirst("b"));
        assertEquals("café", f.getFirst("c"));
        assertEquals("", f.getFirst("d"));
        assertEquals("", f.getFirst("e"));
        assertEquals("k=v=w", f.getFirst("f"));
        assertEquals(6, f.size());
        assertTrue(FormParameters.parse(null).isEmpty());
    }

    @Test
    void rawNonAsciiBytesAreUtf8AndBrokenSequencesBecomeReplacementCharacters() {
        byte[] raw = { 'n', '=', (byte) 0xc3, (byte) 0xa9, '&', 'm', '=', (byte) 0xc3, (byte) 0x28 };
        MultivaluedMap<String, String> f = FormParameters.parse(raw);
        assertEquals("é", f.getFirst("n"));
        assertEquals("\uFFFD(", f.getFirst("m"));
        assertEquals("\uFFFD", parse("x=%FF").getFirst("x"));
    }

    @Test
    void aMalformedEscapeIsInvalidRequest() {
        for (String bad : List.of("a=%", "a=%4", "a=%zz", "a=%4g", "%=1")) {
            OAuthException e = assertThrows(OAuthException.class, () -> parse(bad), bad);
            assertEquals("invalid_request", e.error(), bad);
            assertEquals(400, e.status(), bad);
        }
    }

    @Test
    void clientIdIsCheckedFirstAsAClientAuthenticationFailure() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> FormParameters.requireWellFormed(parse("grant_type=%FF&client_id=%00")));
        assertEquals("invalid_client", e.error());
        assertEquals(401, e.status());
        assertEquals("client authentication failed: client_id contains a NUL character", e.description());
        OAuthException tooLong = assertThrows(OAuthException.class,
                () -> FormParameters.requireWellFormed(parse("client_id=" + "a".repeat(256))));
        assertEquals("invalid_client", tooLong.error());
        FormParameters.requireWellFormed(parse("client_id=" + "a".repeat(255)));
    }

    @Test
    void otherParametersAreInvalidRequestNamingTheParameter() {
        OAuthException dup = assertThrows(OAuthException.class,
                () -> FormParameters.requireWellFormed(parse("client_id=a&scope=x&scope=y")));
        assertEquals("parameter scope is repeated", dup.description());
        OAuthException nul = assertThrows(OAuthException.class, () -> FormParameters.requireWellFormed(parse("client_id=a&code=%00")));
        assertEquals("invalid_request", nul.error());
        assertEquals("parameter code contains a NUL character", nul.description());
        OAuthException name = assertThrows(OAuthException.class, () -> FormParameters.requireWellFormed(parse("client_id=a&%00=1")));
        assertEquals("a parameter name contains a NUL character", name.description());
        OAuthException state = assertThrows(OAuthException.class, () -> FormParameters.storableQuery("state=" + "s".repeat(2049)));
        assertEquals("parameter state is longer than 2048 characters", state.description());
        FormParameters.requireWellFormed(parse("client_id=a&token=" + "t".repeat(32_768)));
        assertThrows(OAuthException.class, () -> FormParameters.requireWellFormed(parse("client_id=a&token=" + "t".repeat(32_769))));
    }

    @Test
    void theAuthorizationQueryLeavesRepeatedParametersToTheEndpoint() {
        assertEquals(List.of("a", "b"), FormParameters.storableQuery("client_id=a&client_id=b").get("client_id"));
        assertThrows(OAuthException.class, () -> FormParameters.storableQuery("client_id=a&client_id=%00"));
    }
}
