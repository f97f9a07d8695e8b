package org.mtlssuite.authz.keys;

import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The JWS algorithms the AS signs with (RFC 7518 3.3-3.5): the access-token algorithm is one of them
 * (authz.token.signing-algorithm), ID tokens use RS256 or ES256. Tokens are assembled and signed with
 * jose4j; this enum only names the algorithm (why not SmallRye JWT's builder: docs/architecture.md).
 */
public enum SigningAlgorithm {

    RS256(AlgorithmIdentifiers.RSA_USING_SHA256),
    PS256(AlgorithmIdentifiers.RSA_PSS_USING_SHA256),
    ES256(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

    private final String algorithm;

    SigningAlgorithm(String algorithm) {
        this.algorithm = algorithm;
    }

    /** The {@code alg} header value and the JWK's {@code alg}. */
    public String getAlgorithm() {
        return algorithm;
    }
}
