package org.mtlssuite.crypto;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Puts Quarkus' own HTTPS listener on the OpenSSL engine (other listeners call {@link NativeCrypto} themselves). */
@ApplicationScoped
public class OpenSslServerCustomizer implements HttpServerOptionsCustomizer {

    @Inject
    TlsEngineConfig config;

    private volatile String engine = "jdk";

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        engine = OpenSslEngine.applyTlsEngine(options, "openssl".equalsIgnoreCase(config.engine()), "the main HTTPS listener");
    }

    public String engine() {
        return engine;
    }
}
