package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;

class FormBodyPrefetchTest {

    static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void readsAheadASmallFormPostOfKnownLength() {
        assertEquals(42, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, FORM, "42", null));
        assertEquals(42, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_0, HttpMethod.POST, FORM, "42", null));
        assertEquals(0, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, FORM + "; charset=UTF-8", "0", null));
        assertEquals(65536, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, "Application/X-WWW-Form-Urlencoded", "65536", null));
    }

    @Test
    void leavesEverythingElseToTheUsualPath() {
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.GET, FORM, "42", null));
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, "application/json", "42", null));
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, null, "42", null));
        // chunked (no length), too large, malformed, negative
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, FORM, null, null));
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, FORM, "65537", null));
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, FORM, "12a", null));
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, FORM, "-1", null));
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_2, HttpMethod.POST, FORM, "42", null));
        // The client waits for 100 Continue before it sends the body: not read ahead.
        assertEquals(-1, FormBodyPrefetch.prefetchableLength(HttpVersion.HTTP_1_1, HttpMethod.POST, FORM, "42", "100-continue"));
    }
}
