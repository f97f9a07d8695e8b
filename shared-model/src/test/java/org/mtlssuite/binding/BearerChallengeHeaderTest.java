package org.mtlssuite.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mtlssuite.protocol.OAuthErrors.BearerError;

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
        assertEquals("Bearer realm=\"api\"", BoundTokenFilter.bearer(config("api", null), null));
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\"",
                BoundTokenFilter.bearer(config("api", null), new BearerError("invalid_token", null, null)));
    }

    @Test
    void challengeEndsWithTheResourceMetadataUrlWhenConfigured() {
        String url = "https://rs.example.com/.well-known/oauth-protected-resource";
        assertEquals("Bearer realm=\"api\", resource_metadata=\"" + url + "\"", BoundTokenFilter.bearer(config("api", url), null));
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"a\", resource_metadata=\"" + url + "\"",
                BoundTokenFilter.bearer(config("api", url), BearerError.insufficientScope("a")));
    }

    @Test
    void quotesAndBackslashesInValuesAreEscaped() {
        assertEquals("Bearer realm=\"a\\\"b\\\\c\"", BoundTokenFilter.bearer(config("a\"b\\c", null), null));
    }
}
