package org.mtlssuite.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.protocol.OAuthErrors.BearerError;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The Bearer challenge's parameters (RFC 6750 3, RFC 9728 5.1), built in one place. */
class BearerChallengeHeaderTest {

    /** The real configuration mapping with the two settings the challenge reads; defaults for the rest. */
    static BindingConfig config(String realm, String metadataUrl) {
        Map<String, String> settings = new HashMap<>(Map.of("suite.binding.realm", realm));
        if (metadataUrl != null) {
            settings.put("suite.binding.resource-metadata-url", metadataUrl);
        }
        return new SmallRyeConfigBuilder().withMapping(BindingConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build().getConfigMapping(BindingConfig.class);
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
