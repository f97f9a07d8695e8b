package org.mtlssuite.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** TLS engine of every HTTPS listener. */
@ConfigMapping(prefix = "suite.tls")
public interface TlsEngineConfig {

    /** {@code openssl} (BoringSSL, the default where available) or {@code jdk}. */
    @WithDefault("openssl")
    String engine();
}
