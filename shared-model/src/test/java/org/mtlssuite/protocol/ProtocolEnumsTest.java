package org.mtlssuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Grant types and authentication methods: wire names, column values (unchanged, no migration) and JSON. */
class ProtocolEnumsTest {

    @Test
    void wireNamesAreTheRfcNames() {
        assertEquals(List.of("authorization_code", "client_credentials", "refresh_token"),
                List.of(GrantType.values()).stream().map(g -> g.value).toList());
        assertEquals(List.of("tls_client_auth", "self_signed_tls_client_auth", "client_secret_basic", "none"),
                List.of(ClientAuthMethod.values()).stream().map(m -> m.value).toList());
    }

    @Test
    void parsingIsExact() {
        assertEquals(Optional.of(GrantType.REFRESH_TOKEN), GrantType.parse("refresh_token"));
        assertTrue(GrantType.parse("Refresh_Token").isEmpty());
        assertTrue(GrantType.parse("implicit").isEmpty());
        assertTrue(GrantType.parse(null).isEmpty());
        assertEquals(Optional.of(ClientAuthMethod.NONE), ClientAuthMethod.parse("none"));
        assertTrue(ClientAuthMethod.parse("private_key_jwt").isEmpty());
    }

    @Test
    void grantTypesColumnKeepsItsSpaceSeparatedValueAndOrder() {
        GrantType.ListColumn column = new GrantType.ListColumn();
        assertEquals("authorization_code refresh_token",
                column.convertToDatabaseColumn(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)));
        assertEquals("client_credentials", column.convertToDatabaseColumn(List.of(GrantType.CLIENT_CREDENTIALS)));
        assertEquals(List.of(GrantType.REFRESH_TOKEN, GrantType.AUTHORIZATION_CODE),
                column.convertToEntityAttribute("refresh_token  authorization_code"));
        assertNull(column.convertToDatabaseColumn(null));
        assertNull(column.convertToEntityAttribute(null));
    }

    @Test
    void authMethodColumnKeepsTheWireName() {
        ClientAuthMethod.Column column = new ClientAuthMethod.Column();
        for (ClientAuthMethod m : ClientAuthMethod.values()) {
            assertEquals(m.value, column.convertToDatabaseColumn(m));
            assertEquals(m, column.convertToEntityAttribute(m.value));
        }
        // A name this version does not know loads as null: client authentication refuses it as unsupported.
        assertNull(column.convertToEntityAttribute("private_key_jwt"));
    }

    @Test
    void jsonSaysTheWireNames() throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("m", ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
        m.put("g", List.of(GrantType.CLIENT_CREDENTIALS));
        assertEquals("{\"m\":\"self_signed_tls_client_auth\",\"g\":[\"client_credentials\"]}", new ObjectMapper().writeValueAsString(m));
    }

    @Test
    void responsesLeaveOutWhatTheyDoNotHave() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"\"}",
                json.writeValueAsString(TokenResponse.bearer("at", 300, "", null, null)));
        assertEquals("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"rt\",\"id_token\":\"it\"}",
                json.writeValueAsString(TokenResponse.bearer("at", 300, null, "rt", "it")));
        assertEquals("{\"active\":false}", json.writeValueAsString(IntrospectionResponse.INACTIVE));
        assertEquals("{\"active\":true,\"client_id\":\"c\",\"sub\":\"s\",\"iss\":\"i\",\"exp\":2,\"iat\":1,\"token_type\":\"refresh_token\","
                + "\"cnf\":{\"x5t#S256\":\"t\"}}", json.writeValueAsString(new IntrospectionResponse(true, null, "c", "s", null, "i", 2L, 1L,
                        null, null, "refresh_token", Map.of("x5t#S256", "t"))));
    }
}
