package org.mtlssuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;

/** The two answers of a failed database access: 503 for unavailability, 500 for a bug; JSON, no stack trace. */
class DatabaseUnavailableMapperTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A mapper without CDI: no bearer token on the request, a health owner whose probe is not running. */
    static <M extends PersistenceFailureResponses> M mapper(M m) {
        m.currentToken = new org.mtlssuite.binding.CurrentAccessToken();
        m.health = new org.mtlssuite.database.DatabaseHealth();
        return m;
    }

    @Test
    void unavailabilityIsA503WithRetryAfterAndOAuthJson() throws Exception {
        Response r = mapper(new DatabaseUnavailableMapper()).toResponse(new PersistenceException(new SQLException("Connection refused", "08001")));
        assertEquals(503, r.getStatus());
        assertEquals("1", r.getHeaderString("Retry-After"));
        assertEquals("no-store", r.getHeaderString("Cache-Control"));
        assertNull(r.getHeaderString("WWW-Authenticate"));
        assertEquals("temporarily_unavailable", JSON.valueToTree(r.getEntity()).get("error").asText());
    }

    @Test
    void atAResourceServerThe503CarriesTheBearerChallenge() {
        Response r = PersistenceFailureResponses.unavailable("sample-resource");
        assertEquals(503, r.getStatus());
        assertEquals("Bearer realm=\"sample-resource\", error=\"temporarily_unavailable\", error_description=\"the database is"
                + " unavailable; retry shortly\"", r.getHeaderString("WWW-Authenticate"));
    }

    @Test
    void anyOtherPersistenceFailureIsAPlain500ServerErrorWithoutInternals() throws Exception {
        Response r = mapper(new DatabaseUnavailableMapper.Jdbc()).toResponse(new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        assertEquals(500, r.getStatus());
        assertNull(r.getHeaderString("Retry-After"));
        String body = JSON.writeValueAsString(r.getEntity());
        assertEquals("server_error", JSON.readTree(body).get("error").asText());
        assertFalse(body.contains("SQLException") || body.contains("0x00") || body.contains("UTF8"), body);
    }
}
