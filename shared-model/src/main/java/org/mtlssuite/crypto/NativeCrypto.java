package org.mtlssuite.crypto;

import java.security.Provider;
import java.security.Security;

import org.jboss.logging.Logger;

/**
 * Native-speed crypto where the platform has it: the Amazon Corretto Crypto Provider at the
 * highest JCA priority (JWT signatures and certificate-chain checks) and BoringSSL (netty-tcnative)
 * as the TLS engine of every listener. Where either cannot load, the JDK's own is used, with one
 * warning line. SunEC stays installed: the JDK's TLS stack needs it.
 */
public final class NativeCrypto {

    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);
    private static volatile String jcaProvider = "JDK";

    private NativeCrypto() {
    }

    /** Installs ACCP first in the provider list; call before the application starts. */
    public static synchronized void installCorrettoProvider() {
        if (Security.getProvider("AmazonCorrettoCryptoProvider") != null) {
            jcaProvider = "AmazonCorrettoCryptoProvider";
            return;
        }
        try {
            Class<?> accp = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            accp.getMethod("install").invoke(null);
            Object instance = accp.getField("INSTANCE").get(null);
            accp.getMethod("assertHealthy").invoke(instance);
            jcaProvider = ((Provider) instance).getName() + " " + ((Provider) instance).getVersionStr();
        } catch (ClassNotFoundException e) {
            LOG.warn("Amazon Corretto Crypto Provider is not on the class path for this platform: using the JDK's JCA providers");
        } catch (Throwable e) {
            LOG.warnf("Amazon Corretto Crypto Provider could not load (%s): using the JDK's JCA providers", e.toString());
        }
    }

    /** Which JCA provider signs and verifies. */
    public static String jcaProvider() {
        return jcaProvider;
    }
}
