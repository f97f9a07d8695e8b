package org.mtlssuite.token;

import java.security.PublicKey;

/** Finds the AS public key for a {@code kid}; null when there is none (after any refresh it allows itself). */
public interface AccessTokenKeyResolver {

    PublicKey keyFor(String kid, String algorithm);
}
