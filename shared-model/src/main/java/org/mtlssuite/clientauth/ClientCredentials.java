package org.mtlssuite.clientauth;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a request presented to authenticate a client, before anything is checked: the
 * {@code client_id} form parameter, HTTP Basic credentials, and the client certificate chain
 * (leaf first; empty when none was presented); for the audit trail, the peer address and whether
 * the certificate came from a trusted proxy's header rather than the connection.
 */
public record ClientCredentials(String clientIdParameter, String basicClientId, String basicSecret,
        List<X509Certificate> certificateChain, boolean chainVerifiedByProxy, String peer, boolean forwarded) {

    public ClientCredentials {
        certificateChain = certificateChain == null ? List.of() : List.copyOf(certificateChain);
    }

    public ClientCredentials(String clientIdParameter, String basicClientId, String basicSecret,
            List<X509Certificate> certificateChain) {
        this(clientIdParameter, basicClientId, basicSecret, certificateChain, false);
    }

    public ClientCredentials(String clientIdParameter, String basicClientId, String basicSecret,
            List<X509Certificate> certificateChain, boolean chainVerifiedByProxy) {
        this(clientIdParameter, basicClientId, basicSecret, certificateChain, chainVerifiedByProxy, null, false);
    }

    public boolean hasBasic() {
        return basicClientId != null;
    }

    public X509Certificate leaf() {
        return certificateChain.isEmpty() ? null : certificateChain.get(0);
    }
}
