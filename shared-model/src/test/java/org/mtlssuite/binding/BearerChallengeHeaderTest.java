package org.mtlssuite.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The Bearer challenge's parameters (RFC 6750 3, RFC 9728 5.1), built in one place. */
class BearerChallengeHeaderTest {

    /** A configuration with only the two settings the challenge reads. */
    static BindingConfig config(String realm, String metadataUrl) {
        return (BindingConfig) Proxy.newProxyInstance(BindingConfig.class.getClassLoader(), new Class<?>[] { BindingConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "realm" -> realm;
                    case "resourceMetadataUrl" -> Optional.ofNullable(metadataUrl);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void challengeWithoutConfiguredMetadataIsUnchanged() {
        assertEquals("Bearer realm=\"api\"", BoundTokenFilter.bearer(config("api", null), ""));
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\"",
                BoundTokenFilter.bearer(config("api", null), ", error=\"invalid_token\""));
    }

    @Test
    void challengeEndsWithTheResourceMetadataUrlWhenConfigured() {
        String url = "https://rs.example.com/.well-known/oauth-protected-resource";
        assertEquals("Bearer realm=\"api\", resource_metadata=\"" + url + "\"", BoundTokenFilter.bearer(config("api", url), ""));
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"a\", resource_metadata=\"" + url + "\"",
                BoundTokenFilter.bearer(config("api", url), ", error=\"insufficient_scope\", scope=\"a\""));
    }

    @Test
    void quotesAndBackslashesInValuesAreEscaped() {
        assertEquals("Bearer realm=\"a\\\"b\\\\c\"", BoundTokenFilter.bearer(config("a\"b\\c", null), ""));
    }
}
