package org.mtlssuite.transport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits every listener applies to the connections it holds. The idle and TLS handshake time-outs
 * are Quarkus' own settings ({@code quarkus.http.idle-timeout}, {@code quarkus.tls.handshake-timeout}),
 * which the AS's second listener applies too.
 */
@ConfigMapping(prefix = "suite.transport")
public interface TransportConfig {

    /**
     * Open connections per client address on each listener; a connection beyond it is closed. Trusted
     * proxies ({@code suite.certificate-source.trusted-proxies}, by address) are exempt: all their
     * clients share their address. 0 turns the limit off.
     */
    @WithDefault("256")
    int maxConnectionsPerAddress();
}
