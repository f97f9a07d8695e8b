package org.mtlssuite.crypto;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Puts Quarkus' own HTTPS listener on the OpenSSL engine (other listeners call {@link NativeCrypto} themselves) and aligns its HTTP/2 header limit. */
@ApplicationScoped
public class OpenSslServerCustomizer implements HttpServerOptionsCustomizer {

    @Inject
    TlsEngineConfig config;

    private volatile String engine = "jdk";

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        engine = OpenSslEngine.applyTlsEngine(options, "openssl".equalsIgnoreCase(config.engine()), "the main HTTPS listener");
        sameHeaderLimitForHttp2(options);
    }

    /**
     * HTTP/2 has its own header limit (8 KB in Vert.x) beside quarkus.http.limits.max-header-size:
     * give HTTP/2 clients the same room as HTTP/1.1 ones, so a forwarded chain or a long token is
     * judged by the application, not cut off with a GOAWAY.
     */
    public static void sameHeaderLimitForHttp2(HttpServerOptions options) {
        options.getInitialSettings().setMaxHeaderListSize(options.getMaxHeaderSize());
    }

    public String engine() {
        return engine;
    }
}
