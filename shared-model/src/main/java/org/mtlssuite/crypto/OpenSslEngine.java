package org.mtlssuite.crypto;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.netty.handler.ssl.OpenSsl;

/** BoringSSL (netty-tcnative) as the TLS engine of a Vert.x listener, or the JDK's with one warning line. */
public final class OpenSslEngine {

    private static final Logger LOG = Logger.getLogger(OpenSslEngine.class);

    private OpenSslEngine() {
    }

    /** Whether BoringSSL can serve TLS here. */
    public static boolean openSslAvailable() {
        try {
            return OpenSsl.isAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /** Uses the OpenSSL engine on {@code options} when available and wanted; returns the engine in use. */
    public static String applyTlsEngine(HttpServerOptions options, boolean wantOpenSsl, String listener) {
        if (wantOpenSsl && openSslAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
            return "openssl";
        }
        if (wantOpenSsl) {
            LOG.warnf("OpenSSL (netty-tcnative) is not available on this platform: %s uses the JDK TLS engine", listener);
        }
        return "jdk";
    }
}
