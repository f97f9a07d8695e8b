package org.mtlssuite.resource.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9728 3.1: where the metadata of a resource identifier lives. */
class ProtectedResourceMetadataUrlTest {

    @Test
    void identifierWithoutPathPublishesAtTheRootWellKnownPath() {
        assertEquals("https://rs.example.com/.well-known/oauth-protected-resource",
                ProtectedResourceMetadata.wellKnownUrl("https://rs.example.com"));
        assertEquals("https://rs.example.com:8643/.well-known/oauth-protected-resource",
                ProtectedResourceMetadata.wellKnownUrl("https://rs.example.com:8643/"));
    }

    @Test
    void identifierWithPathPutsTheWellKnownSegmentBeforeThePath() {
        // The example of RFC 9728 3.1.
        assertEquals("https://resource.example.com/.well-known/oauth-protected-resource/resource1",
                ProtectedResourceMetadata.wellKnownUrl("https://resource.example.com/resource1"));
        assertEquals("/resource1", ProtectedResourceMetadata.pathSuffix("https://resource.example.com/resource1"));
    }

    @Test
    void refusesIdentifiersThatAreNotHttpsOrCarryQueryOrFragment() {
        for (String bad : new String[] { "http://rs.example.com", "rs.example.com", "https://rs.example.com/?a=b",
                "https://rs.example.com/#f", "https:///nohost" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProtectedResourceMetadata.wellKnownUrl(bad), bad);
            assertTrue(e.getMessage().startsWith("resource identifier"), e.getMessage());
        }
    }
}
