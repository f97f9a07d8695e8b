package org.mtlssuite.clientauth;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a request presented to authenticate a client, before anything is checked: the
 * {@code client_id} form parameter, HTTP Basic credentials, and the client certificate chain
 * (leaf first; empty when none was presented).
 */
public record ClientCredentials(String clientIdParameter, String basicClientId, String basicSecret,
        List<X509Certificate> certificateChain, boolean chainVerifiedByProxy) {

    public ClientCredentials {
        certificateChain = certificateChain == null ? List.of() : List.copyOf(certificateChain);
    }

    public ClientCredentials(String clientIdParameter, String basicClientId, String basicSecret,
            List<X509Certificate> certificateChain) {
        this(clientIdParameter, basicClientId, basicSecret, certificateChain, false);
    }

    public boolean hasBasic() {
        return basicClientId != null;
    }

    public X509Certificate leaf() {
        return certificateChain.isEmpty() ? null : certificateChain.get(0);
    }
}
