package org.mtlssuite.binding;

import java.util.List;
import java.util.Optional;

/**
 * RFC 9068 section 4: a resource server MUST check that a JWT access token is meant for it
 * ({@code aud}). Certificate-bound enforcement without a configured audience would accept tokens
 * minted for any other API of the same AS, so it refuses to start instead. One rule, used by the
 * start-up checks (one-line refusal in production) and by the enforcer itself (every profile).
 */
public final class AudienceRequirement {

    public static final String SETTING = "suite.binding.audience";

    private AudienceRequirement() {
    }

    /** What is wrong, or null when enforcement is off or an audience is configured. */
    public static String problem(boolean enabled, Optional<List<String>> audience) {
        if (enabled && audience.map(a -> a.stream().allMatch(String::isBlank)).orElse(true)) {
            return "is required when suite.binding.enabled=true (RFC 9068 section 4: a resource server checks that a token is meant for it)";
        }
        return null;
    }
}
